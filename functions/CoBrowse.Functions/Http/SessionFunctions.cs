using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.Lifecycle;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>A running session: read it, ask for and answer control, revoke, end, and report activity.</summary>
public sealed class SessionFunctions(RequestAuthenticator auth, SessionService sessions, TimeProvider clock, ILogger<SessionFunctions> logger)
{
    [Function("Sessions_Get")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "v1/sessions/{sessionId}")] HttpRequest request,
        string sessionId) =>
        CustomerCors.HandleAsync(request, "get", logger, async () =>
        {
            var caller = await auth.AuthenticateAsync(request);
            return ApiResults.Ok(SessionView.From(await sessions.GetForAsync(caller, sessionId, request.HttpContext.RequestAborted)));
        });

    /// <summary>
    /// The console's session list: <c>?state=active</c> (default: every session not ended, pending included) or
    /// <c>?state=all</c>, optionally <c>&amp;interactionId=</c>; newest first, at most 200; the caller's tenant only.
    /// </summary>
    [Function("Sessions_List")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/sessions")] HttpRequest request) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var agent = await auth.RequireAsync<AgentPrincipal>(request);
            if (!agent.IsInRole(AgentRoles.Agent) && !agent.IsInRole(AgentRoles.Supervisor))
            {
                throw CoBrowseProblemException.Forbidden("Listing sessions needs the 'agent' or 'supervisor' role.");
            }

            var includeEnded = request.Query["state"].ToString() switch
            {
                "" or "active" => false,
                "all" => true,
                var other => throw CoBrowseProblemException.BadRequest($"'state' must be 'active' or 'all', not '{other}'."),
            };
            var interactionId = request.Query["interactionId"].ToString() is { Length: > 0 } id ? id : null;
            var found = await sessions.ListAsync(agent, includeEnded, interactionId, request.HttpContext.RequestAborted);
            return ApiResults.Ok(new SessionListResponse(found.Select(SessionView.From).ToList()));
        });

    /// <summary>The navigation request: an agent asks the customer for control.</summary>
    [Function("Sessions_RequestControl")]
    public Task<IActionResult> RequestControl(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/sessions/{sessionId}/control-requests")] HttpRequest request,
        string sessionId,
        [DurableClient] DurableTaskClient durable) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var agent = await auth.RequireAgentAsync(request);
            return await ApplyAsync(request, agent.TenantId, sessionId, new RequestControl(agent.AgentId), durable);
        });

    [Function("Sessions_ApproveControl")]
    public Task<IActionResult> ApproveControl(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "v1/sessions/{sessionId}/control-requests/approve")] HttpRequest request,
        string sessionId,
        [DurableClient] DurableTaskClient durable) =>
        CustomerCors.HandleAsync(request, "post", logger, async () =>
        {
            var customer = await RequireCustomerOfAsync(request, sessionId);
            return await ApplyAsync(request, customer.TenantId, sessionId, new ApproveControl(), durable);
        });

    [Function("Sessions_DenyControl")]
    public Task<IActionResult> DenyControl(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "v1/sessions/{sessionId}/control-requests/deny")] HttpRequest request,
        string sessionId,
        [DurableClient] DurableTaskClient durable) =>
        CustomerCors.HandleAsync(request, "post", logger, async () =>
        {
            var customer = await RequireCustomerOfAsync(request, sessionId);
            return await ApplyAsync(request, customer.TenantId, sessionId, new DenyControl(), durable);
        });

    /// <summary>The customer takes control back (or the controlling agent hands it back); always allowed, never an error if already read-only.</summary>
    [Function("Sessions_RevokeControl")]
    public Task<IActionResult> RevokeControl(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "v1/sessions/{sessionId}/control/revoke")] HttpRequest request,
        string sessionId,
        [DurableClient] DurableTaskClient durable) =>
        CustomerCors.HandleAsync(request, "post", logger, async () =>
        {
            var (caller, actor) = await ParticipantAsync(request, sessionId);
            return await ApplyAsync(request, caller.TenantId, sessionId, new RevokeControl(actor), durable);
        });

    [Function("Sessions_End")]
    public Task<IActionResult> End(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "v1/sessions/{sessionId}/end")] HttpRequest request,
        string sessionId,
        [DurableClient] DurableTaskClient durable) =>
        CustomerCors.HandleAsync(request, "post", logger, async () =>
        {
            var (caller, actor) = await ParticipantAsync(request, sessionId);
            var command = actor.Kind == ActorKind.Customer ? EndSession.ByCustomer() : EndSession.ByAgent(actor.Id);
            return await ApplyAsync(request, caller.TenantId, sessionId, command, durable);
        });

    /// <summary>Real user activity (throttled by the clients); postpones the inactivity end.</summary>
    [Function("Sessions_Activity")]
    public Task<IActionResult> Activity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "v1/sessions/{sessionId}/activity")] HttpRequest request,
        string sessionId,
        [DurableClient] DurableTaskClient durable) =>
        CustomerCors.HandleAsync(request, "post", logger, async () =>
        {
            var (caller, _) = await ParticipantAsync(request, sessionId);
            var session = await sessions.GetForAsync(caller, sessionId, request.HttpContext.RequestAborted);
            if (!session.State.IsActive())
            {
                throw CoBrowseProblemException.Conflict($"The session is {session.State}; activity only counts while sharing.");
            }

            await new DurableSessionSignals(durable).ActivityAsync(caller.TenantId, sessionId, clock.GetUtcNow(), request.HttpContext.RequestAborted);
            return ApiResults.Accepted(new AcceptedResponse("recorded"));
        });

    private async Task<IActionResult> ApplyAsync(HttpRequest request, string tenantId, string sessionId, SessionCommand command, DurableTaskClient durable)
    {
        var session = await sessions.ApplyAsync(tenantId, sessionId, command, new DurableSessionSignals(durable), request.HttpContext.RequestAborted);
        return ApiResults.Ok(SessionView.From(session));
    }

    private async Task<CustomerPrincipal> RequireCustomerOfAsync(HttpRequest request, string sessionId)
    {
        var customer = await auth.RequireAsync<CustomerPrincipal>(request);
        return customer.SessionId == sessionId
            ? customer
            : throw CoBrowseProblemException.Forbidden("This customer token belongs to another session.");
    }

    /// <summary>The customer of this session, or an agent of its tenant.</summary>
    private async Task<(Principal Caller, Actor Actor)> ParticipantAsync(HttpRequest request, string sessionId)
    {
        var caller = await auth.AuthenticateAsync(request);
        return caller switch
        {
            CustomerPrincipal c when c.SessionId == sessionId => (c, Actor.Customer),
            CustomerPrincipal => throw CoBrowseProblemException.Forbidden("This customer token belongs to another session."),
            AgentPrincipal a when a.IsInRole(AgentRoles.Agent) => (a, Actor.Agent(a.AgentId)),
            _ => throw CoBrowseProblemException.Forbidden("Only the session's customer or an agent can do this."),
        };
    }
}
