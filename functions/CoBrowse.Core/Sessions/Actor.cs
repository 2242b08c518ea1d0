namespace CoBrowse.Core.Sessions;

public enum ActorKind
{
    Customer,
    Agent,
    System,
}

/// <summary>Who caused something: always taken from a verified credential, never from a request body.</summary>
public sealed record Actor(ActorKind Kind, string Id)
{
    public static Actor Customer { get; } = new(ActorKind.Customer, "customer");

    public static Actor System { get; } = new(ActorKind.System, "cobrowse");

    public static Actor Agent(string agentId) => new(ActorKind.Agent, agentId);

    public override string ToString() => $"{Kind}:{Id}";
}
