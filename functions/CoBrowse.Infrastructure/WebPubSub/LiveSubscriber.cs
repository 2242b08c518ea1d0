using System.Text;
using System.Text.Json;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// A supervisor's connection to the tenant-wide live group <c>t.{tenant}.live</c>: no roles at all, one group, and
/// nothing session-bound (no presence, no timeline). The user id <c>l:{tenant}:{agentId}</c> alone says which tenant,
/// so it works the same with tokens we sign and tokens the service mints (which carry no custom claims).
/// </summary>
public sealed record LiveSubscriber(string TenantId, string AgentId)
{
    private const string Prefix = "l:";

    public string UserId => $"{Prefix}{TenantId}:{AgentId}";

    public string Group => SessionGroups.Live(TenantId);

    /// <summary>The subscriber a validated token's subject names, or null when it is not a live token.</summary>
    public static LiveSubscriber? FromClaims(IReadOnlyDictionary<string, string[]> claims)
    {
        var sub = claims.TryGetValue("sub", out var values) && values.Length == 1 ? values[0] : null;
        return sub is not null && sub.Split(':', 3) is ["l", { Length: > 0 } tenantId, { Length: > 0 } agentId] ? new LiveSubscriber(tenantId, agentId) : null;
    }

    /// <summary>Accepts with no roles and only this tenant's live group (the connect answer replaces the token's).</summary>
    public static ConnectDecision Connect(LiveSubscriber live)
    {
        var state = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["live"] = live.TenantId })));
        return ConnectDecision.Accept(new ConnectResponse(live.UserId, [], [live.Group]), state);
    }
}
