using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Realtime;

public sealed record NegotiateResponse(string Url, DateTimeOffset ExpiresAt, string Hub, SessionGroupNames Groups, string UserId);

/// <summary>Hands a session participant a Web PubSub client URL with exactly the narrow roles of their side.</summary>
public sealed class NegotiateFunctions(
    RequestAuthenticator auth,
    SessionService sessions,
    IClientAccessMinter minter,
    MintRateLimiter rateLimiter,
    ClientAddressResolver addresses,
    ILogger<NegotiateFunctions> logger)
{
    [Function("Realtime_Negotiate")]
    public Task<IActionResult> Negotiate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "v1/sessions/{sessionId}/realtime/negotiate")] HttpRequest request,
        string sessionId) =>
        CustomerCors.HandleAsync(request, "post", logger, async () =>
        {
            var caller = await auth.AuthenticateAsync(request);
            var session = await sessions.GetForAsync(RequireParticipant(caller), sessionId, request.HttpContext.RequestAborted);
            if (session.State == SessionState.Ended)
            {
                throw CoBrowseProblemException.Conflict($"The session has ended ({session.EndReason}).");
            }

            var participant = caller is AgentPrincipal agent
                ? RealtimeParticipant.Agent(agent.TenantId, session.SessionId, agent.AgentId)
                : RealtimeParticipant.Customer(caller.TenantId, session.SessionId);
            var subject = caller is AgentPrincipal a ? $"s.{session.SessionId}.agent.{a.AgentId}" : $"s.{session.SessionId}.customer";
            await rateLimiter.NegotiateAsync(caller.TenantId, subject, addresses.Resolve(request), request.HttpContext.RequestAborted);
            var access = await minter.MintAsync(participant, request.HttpContext.RequestAborted);
            return ApiResults.Ok(new NegotiateResponse(access.Url, access.ExpiresAt, access.Hub, access.Groups, access.UserId));
        });

    /// <summary>The session's customer (checked against the session by GetForAsync), or an agent or supervisor of the tenant.</summary>
    private static Principal RequireParticipant(Principal caller) => caller switch
    {
        CustomerPrincipal => caller,
        AgentPrincipal a when a.IsInRole(AgentRoles.Agent) || a.IsInRole(AgentRoles.Supervisor) => caller,
        _ => throw CoBrowseProblemException.Forbidden("Only the session's customer or an agent can connect to it."),
    };
}
