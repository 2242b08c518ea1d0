using Microsoft.DurableTask.Entities;

namespace CoBrowse.Infrastructure.Lifecycle;

/// <summary>Names of the durable entities, orchestrations and activities; the Functions app registers them under these.</summary>
public static class LifecycleNames
{
    public const string SessionEntity = "CobrowseSession";
    public const string InteractionEntity = "Interaction";
    public const string EndSessionOrchestration = "EndSessionOrchestration";
    public const string ApplySessionEndActivity = "ApplySessionEnd";

    public static EntityInstanceId SessionEntityId(string tenantId, string sessionId) => new(SessionEntity, $"{tenantId}:{sessionId}");

    public static EntityInstanceId InteractionEntityId(string tenantId, string interactionId) => new(InteractionEntity, $"{tenantId}:{interactionId}");
}
