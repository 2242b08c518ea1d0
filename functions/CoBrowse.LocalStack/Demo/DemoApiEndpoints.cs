using Microsoft.Extensions.Options;

namespace CoBrowse.LocalStack.Demo;

/// <summary>
/// The demo-only backend under <c>/demo/api</c>: the reference messenger's conversations (create, list, events,
/// messages), demo agent sign-in, and the interaction end/transfer webhook the contact center would call.
/// Plain minimal APIs of the local stack, not product functions.
/// </summary>
public static class DemoApiEndpoints
{
    public static IEndpointRouteBuilder MapDemoApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/demo/api").AddEndpointFilter<DemoProblemFilter>();
        api.MapPost("/agent-token", MintAgentTokenAsync);
        api.MapPost("/conversations", CreateConversationAsync);
        api.MapGet("/conversations", ListConversations);
        api.MapGet("/conversations/{id}/events", StreamEventsAsync);
        api.MapPost("/conversations/{id}/messages", PostMessageAsync);
        api.MapPost("/interactions/{id}/end", (HttpContext context, string id, ConversationStore store, DemoProductApi product, TimeProvider clock) =>
            InteractionEventAsync(context, id, "ended", store, product, clock));
        api.MapPost("/interactions/{id}/transfer", (HttpContext context, string id, ConversationStore store, DemoProductApi product, TimeProvider clock) =>
            InteractionEventAsync(context, id, "transferred", store, product, clock));
        return endpoints;
    }

    private static async Task<IResult> MintAgentTokenAsync(HttpContext context, DemoProductApi product)
    {
        var body = await DemoRequestBody.ReadAsync<AgentTokenRequest>(context.Request);
        var agentId = ConversationRequests.Identifier(body.AgentId, "agentId");
        var reply = await product.MintAgentTokenAsync(agentId, context.RequestAborted);

        // The product's answer as it is: {token, expiresAt}, or its own problem details.
        return Results.Content(reply.Body, reply.ContentType ?? "application/json", statusCode: reply.Status);
    }

    private static async Task<IResult> CreateConversationAsync(HttpContext context, ConversationStore store)
    {
        var body = await DemoRequestBody.ReadAsync<CreateConversationRequest>(context.Request);
        var conversation = store.Create(ConversationRequests.Channel(body.Channel), ConversationRequests.CustomerName(body.CustomerName));
        return Results.Json(
            new CreatedConversationResponse(conversation.Id, conversation.Channel, conversation.Status),
            DemoJson.Options,
            statusCode: StatusCodes.Status201Created);
    }

    private static IResult ListConversations(ConversationStore store) =>
        Results.Json(new ConversationListResponse(store.ListNewestFirst()), DemoJson.Options);

    private static async Task StreamEventsAsync(HttpContext context, string id, ConversationStore store, IOptions<DemoTenantOptions> demo, IHostApplicationLifetime lifetime)
    {
        Conversation conversation;
        long after;
        try
        {
            conversation = store.Get(id);
            after = ConversationEventStream.ResumePosition(context.Request);
        }
        catch (DemoProblemException problem)
        {
            // This handler writes the response itself, so it answers its own problems.
            await DemoProblemFilter.Problem(context, problem.Status, problem.Title, problem.Message).ExecuteAsync(context);
            return;
        }

        await new ConversationEventStream(TimeSpan.FromSeconds(demo.Value.EventStreamHeartbeatSeconds)).WriteAsync(context, conversation, after, lifetime.ApplicationStopping);
    }

    private static async Task<IResult> PostMessageAsync(HttpContext context, string id, ConversationStore store, TimeProvider clock)
    {
        var conversation = store.Get(id);
        var message = ConversationRequests.Message(await DemoRequestBody.ReadAsync<PostMessageRequest>(context.Request));
        var stored = conversation.Post(message, clock.GetUtcNow());
        return Results.Json(stored, DemoJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// Tells the product the interaction ended or was transferred (its co-browse sessions end), then marks the
    /// conversation of that id, if there is one, with a system message. Voice call ids have no conversation.
    /// </summary>
    private static async Task<IResult> InteractionEventAsync(HttpContext context, string id, string type, ConversationStore store, DemoProductApi product, TimeProvider clock)
    {
        ConversationRequests.Identifier(id, "id");
        var reply = await product.InteractionEventAsync(id, type, context.RequestAborted);
        if (!reply.IsSuccess)
        {
            return Results.Content(reply.Body, reply.ContentType ?? "application/problem+json", statusCode: reply.Status);
        }

        var conversation = store.Find(id);
        if (conversation is not null)
        {
            var (status, text) = type == "ended"
                ? (ConversationStatus.Ended, "The conversation has ended.")
                : (ConversationStatus.Transferred, "The conversation was transferred to another agent.");
            conversation.TryChangeStatus(status, text, clock.GetUtcNow());
        }

        return Results.Json(new InteractionEventResponse(id, type, conversation?.Id, conversation?.Status), DemoJson.Options);
    }
}
