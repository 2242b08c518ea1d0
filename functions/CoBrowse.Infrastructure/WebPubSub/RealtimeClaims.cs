namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>Our own claims in client access tokens; the service forwards them to the connect event.</summary>
public static class RealtimeClaims
{
    public const string TenantId = "cb.tid";
    public const string SessionId = "cb.sid";
    public const string Role = "cb.role";

    public static string RoleName(RealtimeRole role) => role switch
    {
        RealtimeRole.Customer => "customer",
        RealtimeRole.Supervisor => "supervisor",
        _ => "agent",
    };

    public static RealtimeRole? ParseRole(string? value) => value switch
    {
        "customer" => RealtimeRole.Customer,
        "agent" => RealtimeRole.Agent,
        "supervisor" => RealtimeRole.Supervisor,
        _ => null,
    };
}

/// <summary>Who may connect: the customer of a session, or an agent of its tenant.</summary>
public sealed record RealtimeParticipant(RealtimeRole Role, string TenantId, string SessionId, string? AgentId)
{
    public string UserId => SessionGroups.UserIdFor(Role, TenantId, SessionId, AgentId);

    public static RealtimeParticipant Customer(string tenantId, string sessionId) => new(RealtimeRole.Customer, tenantId, sessionId, null);

    public static RealtimeParticipant Agent(string tenantId, string sessionId, string agentId) => new(RealtimeRole.Agent, tenantId, sessionId, agentId);

    public static RealtimeParticipant Supervisor(string tenantId, string sessionId, string agentId) => new(RealtimeRole.Supervisor, tenantId, sessionId, agentId);

    /// <summary>
    /// The participant a validated token names. Tokens we sign carry cb.tid/cb.sid/cb.role; tokens the service
    /// minted (managed identity, no custom claims) are read from sub and the group-scoped role. Either way sub must
    /// be exactly the user id of that participant, so claims cannot be mixed from different sessions.
    /// </summary>
    public static RealtimeParticipant? FromClaims(IReadOnlyDictionary<string, string[]> claims)
    {
        var sub = First(claims, "sub") ?? First(claims, NameIdentifierClaim);
        if (string.IsNullOrEmpty(sub))
        {
            return null;
        }

        var tenantId = First(claims, RealtimeClaims.TenantId);
        var sessionId = First(claims, RealtimeClaims.SessionId);
        var role = RealtimeClaims.ParseRole(First(claims, RealtimeClaims.Role));
        if (tenantId is null || sessionId is null || role is null)
        {
            (role, tenantId, sessionId) = FromSubjectAndRoles(sub, Roles(claims));
        }

        if (role is null || string.IsNullOrEmpty(tenantId) || string.IsNullOrEmpty(sessionId) || sessionId.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }

        var participant = role switch
        {
            RealtimeRole.Customer => Customer(tenantId, sessionId),
            RealtimeRole.Supervisor => SupervisorFromSubject(tenantId, sessionId, sub),
            _ => AgentFromSubject(tenantId, sessionId, sub),
        };
        return participant is not null && participant.UserId == sub ? participant : null;
    }

    private static RealtimeParticipant? AgentFromSubject(string tenantId, string sessionId, string sub)
    {
        var prefix = SessionGroups.AgentUserId(tenantId, string.Empty);
        return sub.StartsWith(prefix, StringComparison.Ordinal) && sub.Length > prefix.Length ? Agent(tenantId, sessionId, sub[prefix.Length..]) : null;
    }

    private static RealtimeParticipant? SupervisorFromSubject(string tenantId, string sessionId, string sub)
    {
        var prefix = SessionGroups.SupervisorUserId(tenantId, sessionId, string.Empty);
        return sub.StartsWith(prefix, StringComparison.Ordinal) && sub.Length > prefix.Length ? Supervisor(tenantId, sessionId, sub[prefix.Length..]) : null;
    }

    private static (RealtimeRole?, string?, string?) FromSubjectAndRoles(string sub, string[] roles)
    {
        // A watching supervisor has no roles at all; its id (w:{tenant}:{sid}:{agent}) names the session.
        if (sub.Split(':', 4) is ["w", var watchedTenant, var watchedSession, { Length: > 0 }])
        {
            return (RealtimeRole.Supervisor, watchedTenant, watchedSession);
        }

        var parts = sub.Split(':', 3);
        if (parts.Length != 3)
        {
            return (null, null, null);
        }

        (RealtimeRole? kind, string? expected) = parts[0] switch
        {
            "c" => ((RealtimeRole?)RealtimeRole.Customer, "view"),
            "a" => (RealtimeRole.Agent, "guide"),
            _ => (null, (string?)null),
        };
        var sessions = roles.Select(SessionGroups.ParseSendRole).Where(r => r?.Kind == expected).Select(r => r!.Value.SessionId).Distinct().ToList();
        return kind is null || sessions.Count != 1 ? (null, null, null) : (kind, parts[1], sessions[0]);
    }

    // The service may hand standard claims over under their long .NET names; accept both spellings.
    private const string NameIdentifierClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";
    private const string RoleClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    private static string[] Roles(IReadOnlyDictionary<string, string[]> claims) =>
        [.. claims.TryGetValue("role", out var shortName) ? shortName : [], .. claims.TryGetValue(RoleClaim, out var longName) ? longName : []];

    private static string? First(IReadOnlyDictionary<string, string[]> claims, string name) =>
        claims.TryGetValue(name, out var values) && values.Length == 1 ? values[0] : null;
}
