using CoBrowse.Core.Security;
using CoBrowse.Core.Timeline;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>
/// What the agent's browser may fetch while it mirrors a session: the tenant's resource policy for the console that
/// joins, and the hosts the console held back, which land on the interaction's timeline. Agents and supervisors of
/// the session's tenant.
/// </summary>
public sealed class MirrorResourceFunctions(RequestAuthenticator auth, MirrorResourceService resources, ILogger<MirrorResourceFunctions> logger)
{
    /// <summary>The origins the console may load page resources from (plus data: URLs), and whether any https host is allowed.</summary>
    [Function("Sessions_ResourcePolicy")]
    public Task<IActionResult> ResourcePolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/sessions/{sessionId}/resource-policy")] HttpRequest request,
        string sessionId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var agent = await auth.RequireAsync<AgentPrincipal>(request);
            var policy = await resources.PolicyForAsync(agent, sessionId, request.HttpContext.RequestAborted);
            return ApiResults.Ok(new ResourcePolicyResponse(policy.Origins, policy.AnyHttps));
        });

    /// <summary>The hosts the caller's console held back in this session (cumulative counts); one timeline event per agent.</summary>
    [Function("Sessions_ReportHeldBackResources")]
    public Task<IActionResult> ReportHeldBack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/sessions/{sessionId}/held-back-resources")] HttpRequest request,
        string sessionId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var agent = await auth.RequireAsync<AgentPrincipal>(request);
            var report = await Api.ReadBodyAsync<HeldBackReport>(request);
            await resources.RecordHeldBackAsync(agent, sessionId, report, request.HttpContext.RequestAborted);
            return ApiResults.Accepted(new AcceptedResponse("recorded"));
        });
}
