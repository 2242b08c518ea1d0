using System.Text;
using System.Text.Json;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// What the connect handler remembers about a connection in <c>ce-connectionState</c>: the service stores it and
/// sends it back with every later event (connected, disconnected, user events), which carry no claims. Encoded as
/// the SDKs do: base64 of a JSON object. Only the service can set it, and its requests are signed.
/// </summary>
public static class RealtimeConnectionState
{
    public const string Header = "ce-connectionState";

    private static readonly JsonSerializerOptions Strict = new() { AllowDuplicateProperties = false };

    /// <param name="controlAtConnect">Whether the connect answer included the control group (see the connected handler).</param>
    public static string Encode(RealtimeParticipant participant, bool controlAtConnect = false)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
        {
            ["tid"] = participant.TenantId,
            ["sid"] = participant.SessionId,
            ["role"] = RealtimeClaims.RoleName(participant.Role),
            ["aid"] = participant.AgentId,
            ["ctl"] = controlAtConnect ? "1" : null,
        });
        return Convert.ToBase64String(json);
    }

    /// <summary>Whether the connect answer gave this connection the control group.</summary>
    public static bool ControlAtConnect(string? state) => Values(state) is { } values && values.TryGetValue("ctl", out var ctl) && ctl == "1";

    /// <summary>The participant, or null when the state is missing or not ours.</summary>
    public static RealtimeParticipant? Decode(string? state)
    {
        var values = Values(state);
        if (values is null || !values.TryGetValue("tid", out var tenantId) || !values.TryGetValue("sid", out var sessionId)
            || tenantId is null || sessionId is null || !values.TryGetValue("role", out var roleName))
        {
            return null;
        }

        return RealtimeClaims.ParseRole(roleName) switch
        {
            RealtimeRole.Customer => RealtimeParticipant.Customer(tenantId, sessionId),
            RealtimeRole.Agent when values.TryGetValue("aid", out var agentId) && !string.IsNullOrEmpty(agentId) => RealtimeParticipant.Agent(tenantId, sessionId, agentId),
            RealtimeRole.Supervisor when values.TryGetValue("aid", out var supervisorId) && !string.IsNullOrEmpty(supervisorId) => RealtimeParticipant.Supervisor(tenantId, sessionId, supervisorId),
            _ => null,
        };
    }

    private static Dictionary<string, string?>? Values(string? state)
    {
        if (string.IsNullOrEmpty(state))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(Encoding.UTF8.GetString(Convert.FromBase64String(state)), Strict);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
