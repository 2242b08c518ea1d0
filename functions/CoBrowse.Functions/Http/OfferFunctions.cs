using CoBrowse.Infrastructure.Lifecycle;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>Messaging and chat start: the agent offers; the customer's page accepts or declines.</summary>
public sealed class OfferFunctions(RequestAuthenticator auth, OfferService offers, ILogger<OfferFunctions> logger)
{
    [Function("Offers_Create")]
    public Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/interactions/{interactionId}/offers")] HttpRequest request,
        string interactionId,
        [DurableClient] DurableTaskClient durable) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var agent = await auth.RequireAgentAsync(request);
            var body = await Api.ReadBodyAsync<CreateOfferRequest>(request);
            if (body.Channel is not { } channel)
            {
                throw CoBrowseProblemException.BadRequest("'channel' is required: webMessaging or webChat.");
            }

            var created = await offers.CreateAsync(agent, interactionId, channel, body.ExternalContactId, new DurableSessionSignals(durable), request.HttpContext.RequestAborted);
            var o = created.Offer;
            return ApiResults.Created(new OfferResponse(o.OfferId, o.SessionId, o.InteractionId, o.Channel, o.ExpiresAt, "pending"));
        });

    [Function("Offers_Accept")]
    public Task<IActionResult> Accept(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "v1/offers/{offerId}/accept")] HttpRequest request,
        string offerId,
        [DurableClient] DurableTaskClient durable) =>
        CustomerCors.HandleAsync(request, "post", logger, async () =>
        {
            var answered = await AnswerAsync(request, offerId, accept: true, durable);
            var token = answered.CustomerToken!;
            return ApiResults.Ok(new JoinedSessionResponse(SessionView.From(answered.Session), token.Token, token.ExpiresAt));
        });

    [Function("Offers_Decline")]
    public Task<IActionResult> Decline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "v1/offers/{offerId}/decline")] HttpRequest request,
        string offerId,
        [DurableClient] DurableTaskClient durable) =>
        CustomerCors.HandleAsync(request, "post", logger, async () =>
            ApiResults.Ok(SessionView.From((await AnswerAsync(request, offerId, accept: false, durable)).Session)));

    private async Task<AnsweredOffer> AnswerAsync(HttpRequest request, string offerId, bool accept, DurableTaskClient durable)
    {
        var body = await Api.ReadBodyAsync<AnswerOfferRequest>(request);
        return await offers.AnswerAsync(body.SiteKey, request.Headers.Origin.ToString(), offerId, accept, new DurableSessionSignals(durable), request.HttpContext.RequestAborted);
    }
}
