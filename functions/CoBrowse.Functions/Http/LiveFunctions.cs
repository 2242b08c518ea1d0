using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Functions.Realtime;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>
/// The supervisors' live view: the tenant's active sessions now, a connection to the tenant's live group (pushed
/// frames on every transition), and watching one session with no send role at all.
/// </summary>
public sealed class LiveFunctions(
    RequestAuthenticator auth,
    LiveSessionList live,
    ISessionStore sessions,
    ILiveAccessMinter liveMinter,
    IClientAccessMinter sessionMinter,
    ILiveSnapshotRequester snapshots,
    MintRateLimiter rateLimiter,
    ClientAddressResolver addresses,
    ILogger<LiveFunctions> logger)
{
    [Function("Live_Sessions")]
    public Task<IActionResult> Sessions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/sessions")] HttpRequest request) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var caller = await auth.AuthenticateAsync(request);
            if (caller is not TenantBackendPrincipal && !(caller is AgentPrincipal agent && agent.IsInRole(AgentRoles.Supervisor)))
            {
                throw CoBrowseProblemException.Forbidden("The live view needs the 'supervisor' role or the tenant's API key.");
            }

            return ApiResults.Ok(await live.ListAsync(caller.TenantId, request.HttpContext.RequestAborted));
        });

    /// <summary>A client URL that hears the tenant's live group and may send nothing.</summary>
    [Function("Live_Negotiate")]
    public Task<IActionResult> Negotiate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/negotiate")] HttpRequest request) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var supervisor = await auth.RequireAgentAsync(request, AgentRoles.Supervisor);
            await rateLimiter.NegotiateAsync(supervisor.TenantId, $"live.{supervisor.AgentId}", addresses.Resolve(request), request.HttpContext.RequestAborted);
            var access = await liveMinter.MintAsync(new LiveSubscriber(supervisor.TenantId, supervisor.AgentId), request.HttpContext.RequestAborted);
            return ApiResults.Ok(new LiveNegotiateResponse(access.Url, access.ExpiresAt, access.Hub, access.Group, access.UserId));
        });

    /// <summary>Watch one session: hears its page frames and state, and holds no send role at all (not even guide).</summary>
    [Function("Live_Watch")]
    public Task<IActionResult> Watch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/sessions/{sessionId}/negotiate")] HttpRequest request,
        string sessionId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var supervisor = await auth.RequireAgentAsync(request, AgentRoles.Supervisor);
            var session = await RequireRunningAsync(supervisor, sessionId, request.HttpContext.RequestAborted);
            var participant = RealtimeParticipant.Supervisor(supervisor.TenantId, session.SessionId, supervisor.AgentId);
            await rateLimiter.NegotiateAsync(supervisor.TenantId, $"watch.{session.SessionId}.{supervisor.AgentId}", addresses.Resolve(request), request.HttpContext.RequestAborted);
            var access = await sessionMinter.MintAsync(participant, request.HttpContext.RequestAborted);
            return ApiResults.Ok(new NegotiateResponse(access.Url, access.ExpiresAt, access.Hub, access.Groups, access.UserId));
        });

    /// <summary>A watching supervisor cannot ask the customer for a snapshot itself; the service asks for it (202).</summary>
    [Function("Live_SnapshotRequest")]
    public Task<IActionResult> RequestSnapshot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/sessions/{sessionId}/snapshot-requests")] HttpRequest request,
        string sessionId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var supervisor = await auth.RequireAgentAsync(request, AgentRoles.Supervisor);
            var session = await RequireRunningAsync(supervisor, sessionId, request.HttpContext.RequestAborted);
            await snapshots.RequestAsync(session.SessionId, request.HttpContext.RequestAborted);
            return ApiResults.Accepted(new { sessionId = session.SessionId });
        });

    private async Task<Session> RequireRunningAsync(AgentPrincipal supervisor, string sessionId, CancellationToken cancellationToken)
    {
        Identifiers.Require(sessionId, nameof(sessionId));
        var session = (await sessions.GetAsync(supervisor.TenantId, sessionId, cancellationToken))?.Value
            ?? throw CoBrowseProblemException.NotFound($"Session '{sessionId}' was not found.");
        return session.State == SessionState.Ended ? throw CoBrowseProblemException.Conflict($"The session has ended ({session.EndReason}).") : session;
    }
}
