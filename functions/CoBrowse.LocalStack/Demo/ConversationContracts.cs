namespace CoBrowse.LocalStack.Demo;

public enum ConversationChannel
{
    WebMessaging,
    WebChat,
}

public enum ConversationStatus
{
    Open,
    Ended,
    Transferred,
}

public sealed record CreateConversationRequest(string? Channel, string? CustomerName);

public sealed record CreatedConversationResponse(string ConversationId, ConversationChannel Channel, ConversationStatus Status);

public sealed record ConversationSummary(
    string ConversationId,
    ConversationChannel Channel,
    string CustomerName,
    ConversationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastMessageAt);

public sealed record ConversationListResponse(IReadOnlyList<ConversationSummary> Conversations);

public sealed record PostMessageRequest(string? From, string? Kind, string? Text, string? OfferId, string? Answer);

/// <summary>A validated message before the conversation numbers it.</summary>
public sealed record NewMessage(string From, string Kind, string? Text = null, string? OfferId = null, string? Answer = null);

/// <summary>A stored message: <c>seq</c> counts from 1 per conversation and is the SSE event id.</summary>
public sealed record ConversationMessage(long Seq, string From, string Kind, string? Text, string? OfferId, string? Answer, DateTimeOffset At);

public sealed record AgentTokenRequest(string? AgentId);

public sealed record InteractionEventResponse(string InteractionId, string Type, string? ConversationId, ConversationStatus? ConversationStatus);
