using CoBrowse.Infrastructure.Lifecycle;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>Voice start: the agent issues a key; the customer's page redeems it.</summary>
public sealed class SecurityKeyFunctions(
    RequestAuthenticator auth,
    SecurityKeyService keys,
    ClientAddressResolver addresses,
    ILogger<SecurityKeyFunctions> logger)
{
    [Function("SecurityKeys_Issue")]
    public Task<IActionResult> Issue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/interactions/{interactionId}/security-keys")] HttpRequest request,
        string interactionId,
        [DurableClient] DurableTaskClient durable) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var agent = await auth.RequireAgentAsync(request);
            var body = await Api.ReadOptionalBodyAsync<IssueSecurityKeyRequest>(request);
            var issued = await keys.IssueAsync(agent, interactionId, body.ExternalContactId, new DurableSessionSignals(durable), request.HttpContext.RequestAborted);
            var code = issued.Key.Code;
            return ApiResults.Created(new SecurityKeyResponse(code, $"{code[..3]} {code[3..]}", issued.Key.ExpiresAt, issued.Session.SessionId, interactionId));
        });

    [Function("SecurityKeys_Redeem")]
    public Task<IActionResult> Redeem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "v1/security-keys/redeem")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        CustomerCors.HandleAsync(request, "post", logger, async () =>
        {
            var body = await Api.ReadBodyAsync<RedeemKeyRequest>(request);
            var joined = await keys.RedeemAsync(
                body.SiteKey, request.Headers.Origin.ToString(), body.Key, addresses.Resolve(request), new DurableSessionSignals(durable), request.HttpContext.RequestAborted);
            return ApiResults.Ok(new JoinedSessionResponse(SessionView.From(joined.Session), joined.CustomerToken.Token, joined.CustomerToken.ExpiresAt));
        });
}
