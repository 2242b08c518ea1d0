namespace CoBrowse.Core.Sessions;

/// <summary>A request to change a session, with the verified actor behind it.</summary>
public abstract record SessionCommand(Actor Actor)
{
    public abstract SessionTrigger Trigger { get; }
}

public sealed record JoinAsCustomer() : SessionCommand(Actor.Customer)
{
    public override SessionTrigger Trigger => SessionTrigger.CustomerJoined;
}

public sealed record RequestControl(string AgentId) : SessionCommand(Actor.Agent(AgentId))
{
    public override SessionTrigger Trigger => SessionTrigger.ControlRequested;
}

public sealed record ApproveControl() : SessionCommand(Actor.Customer)
{
    public override SessionTrigger Trigger => SessionTrigger.ControlApproved;
}

public sealed record DenyControl() : SessionCommand(Actor.Customer)
{
    public override SessionTrigger Trigger => SessionTrigger.ControlDenied;
}

/// <summary>The customer takes control back, or the controlling agent hands it back.</summary>
public sealed record RevokeControl(Actor By) : SessionCommand(By)
{
    public override SessionTrigger Trigger => SessionTrigger.ControlRevoked;
}

public sealed record EndSession(Actor By, EndReason Reason) : SessionCommand(By)
{
    public override SessionTrigger Trigger => SessionTrigger.Ended;

    public static EndSession ByCustomer() => new(Actor.Customer, EndReason.CustomerEnded);

    public static EndSession ByAgent(string agentId) => new(Actor.Agent(agentId), EndReason.AgentEnded);

    public static EndSession BySystem(EndReason reason) => new(Actor.System, reason);
}
