namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>Who a realtime connection is for a session.</summary>
public enum RealtimeRole
{
    Customer,
    Agent,

    /// <summary>A supervisor watching: hears view and state, may send nothing at all (not even guide).</summary>
    Supervisor,
}

/// <summary>The groups of one session (serialized as negotiate's <c>groups</c>).</summary>
public sealed record SessionGroupNames(string View, string Guide, string Ctl, string State);

/// <summary>
/// The ONE place realtime group names, roles and user ids come from. Per session <c>{sid}</c>:
/// <c>s.{sid}.view</c> customer → agents (page frames), <c>s.{sid}.guide</c> agents → customer (pointer,
/// highlights), <c>s.{sid}.ctl</c> agents → customer (control input, only after the customer approved),
/// <c>s.{sid}.state</c> service → everyone (session state frames; no participant ever may send to it).
/// Roles are always scoped to one group: never an unscoped <c>webpubsub.sendToGroup</c> or
/// <c>webpubsub.joinLeaveGroup</c>, and nobody may join or leave groups themselves (joins come from the token/connect).
/// </summary>
public static class SessionGroups
{
    public const string SendToGroupRolePrefix = "webpubsub.sendToGroup.";

    public static SessionGroupNames For(string sessionId) => new(View(sessionId), Guide(sessionId), Ctl(sessionId), State(sessionId));

    public static string View(string sessionId) => $"s.{sessionId}.view";

    public static string Guide(string sessionId) => $"s.{sessionId}.guide";

    public static string Ctl(string sessionId) => $"s.{sessionId}.ctl";

    public static string State(string sessionId) => $"s.{sessionId}.state";

    /// <summary>The tenant-wide live group: service → supervisors (a frame per session transition); nobody may send to it.</summary>
    public static string Live(string tenantId) => $"t.{tenantId}.live";

    public static string SendRole(string group) => SendToGroupRolePrefix + group;

    /// <summary>Customer: may send page frames to view. Agent: may send to guide, and to ctl only while in control.</summary>
    public static IReadOnlyList<string> RolesFor(RealtimeRole role, string sessionId, bool inControl = false) => role switch
    {
        RealtimeRole.Customer => [SendRole(View(sessionId))],
        RealtimeRole.Supervisor => [],
        _ when inControl => [SendRole(Guide(sessionId)), SendRole(Ctl(sessionId))],
        _ => [SendRole(Guide(sessionId))],
    };

    /// <summary>The groups a connection joins on connect: the customer hears guide and ctl; agents hear view; both hear state.</summary>
    public static IReadOnlyList<string> GroupsFor(RealtimeRole role, string sessionId) => role switch
    {
        RealtimeRole.Customer => [Guide(sessionId), Ctl(sessionId), State(sessionId)],
        _ => [View(sessionId), State(sessionId)],
    };

    public static string CustomerUserId(string tenantId, string sessionId) => $"c:{tenantId}:{sessionId}";

    public static string AgentUserId(string tenantId, string agentId) => $"a:{tenantId}:{agentId}";

    /// <summary>A watching supervisor's id names the session too, so a token minted by the service (no custom claims) still says which one.</summary>
    public static string SupervisorUserId(string tenantId, string sessionId, string agentId) => $"w:{tenantId}:{sessionId}:{agentId}";

    public static string UserIdFor(RealtimeRole role, string tenantId, string sessionId, string? agentId) => role switch
    {
        RealtimeRole.Customer => CustomerUserId(tenantId, sessionId),
        RealtimeRole.Supervisor => SupervisorUserId(tenantId, sessionId, agentId!),
        _ => AgentUserId(tenantId, agentId!),
    };

    /// <summary>
    /// The session a role names, if it is one of ours: <c>webpubsub.sendToGroup.s.{sid}.{kind}</c>. Session ids never
    /// contain '.', so the id is everything between the prefix and the last '.'.
    /// </summary>
    public static (string SessionId, string Kind)? ParseSendRole(string role)
    {
        if (!role.StartsWith(SendToGroupRolePrefix + "s.", StringComparison.Ordinal))
        {
            return null;
        }

        var group = role[(SendToGroupRolePrefix.Length + 2)..];
        var dot = group.LastIndexOf('.');
        return dot > 0 && group.IndexOf('.', StringComparison.Ordinal) == dot ? (group[..dot], group[(dot + 1)..]) : null;
    }
}
