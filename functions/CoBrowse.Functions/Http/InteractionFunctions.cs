using CoBrowse.Core.Reporting;
using CoBrowse.Core.Security;
using CoBrowse.Infrastructure.Lifecycle;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>The contact-center platform tells us about the primary interaction; agents read its co-browse timeline.</summary>
public sealed class InteractionFunctions(RequestAuthenticator auth, ITimelineStore timeline, TimeProvider clock, ILogger<InteractionFunctions> logger)
{
    /// <summary>Webhook: the interaction was transferred or ended. Idempotent; its sessions end asynchronously.</summary>
    [Function("Interactions_Event")]
    public Task<IActionResult> Event(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/interactions/{interactionId}/events")] HttpRequest request,
        string interactionId,
        [DurableClient] DurableTaskClient durable) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var backend = await auth.RequireAsync<TenantBackendPrincipal>(request);
            Identifiers.Require(interactionId, nameof(interactionId));
            var body = await Api.ReadBodyAsync<InteractionEventRequest>(request);
            var kind = body.Type switch
            {
                "transferred" => InteractionEventKind.Transferred,
                "ended" => InteractionEventKind.Ended,
                _ => throw CoBrowseProblemException.BadRequest("'type' must be 'transferred' or 'ended'."),
            };
            await new DurableSessionSignals(durable).InteractionEventAsync(backend.TenantId, interactionId, kind, request.HttpContext.RequestAborted);
            return ApiResults.Accepted(new AcceptedResponse("accepted"));
        });

    [Function("Interactions_Timeline")]
    public Task<IActionResult> Timeline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/interactions/{interactionId}/timeline")] HttpRequest request,
        string interactionId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var caller = await auth.AuthenticateAsync(request);
            if (caller is not (TenantBackendPrincipal or AgentPrincipal))
            {
                throw CoBrowseProblemException.Forbidden("This operation needs a tenant API key or an agent token.");
            }

            Identifiers.Require(interactionId, nameof(interactionId));
            var events = await timeline.ListAsync(caller.TenantId, interactionId, request.HttpContext.RequestAborted);
            var sessions = SessionActivity.Summarize(events, clock.GetUtcNow()).Select(TimelineSessionView.From).ToList();
            return ApiResults.Ok(new TimelineResponse(interactionId, events.Select(TimelineEventView.From).ToList(), sessions));
        });
}
