using System.Globalization;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>
/// What must hold for a tenant after any fault: every session is in a state it can be in, and every interaction's
/// timeline tells each session's story once — no transition lost, none doubled. Read through the public API only.
/// </summary>
public static class SessionInvariants
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(15);

    private static readonly HashSet<string> Transitions = new(
        ["keyIssued", "offered", "sessionStarted", "controlRequested", "controlGranted", "controlDenied", "controlRevoked", "sessionEnded"],
        StringComparer.Ordinal);

    /// <summary>Checks every session of the tenant (ended ones included) and the timelines of their interactions.</summary>
    public static async Task AssertHoldAsync(CoBrowseApi api, TestTenant tenant)
    {
        var reader = await api.AgentTokenAsync(tenant, "invariant-reader");
        var listed = (await api.GetAsync("/api/v1/sessions?state=all", reader)).AssertStatus(HttpStatusCode.OK);
        var sessions = listed.Body!["sessions"]!.AsArray().Select(s => s!).ToList();
        Assert.NotEmpty(sessions);
        foreach (var session in sessions)
        {
            AssertPossibleState(session);
        }

        foreach (var interaction in sessions.GroupBy(s => Text(s, "interactionId")))
        {
            var events = (await api.TimelineAsync(reader, interaction.Key)).Select(e => e!).ToList();
            AssertNoEventDoubled(interaction.Key, events);
            foreach (var session in interaction)
            {
                AssertStoryTold(session, events.Where(e => Text(e, "sessionId") == Text(session, "sessionId")).ToList());
            }
        }
    }

    private static void AssertPossibleState(JsonNode session)
    {
        var id = Text(session, "sessionId");
        var state = Text(session, "state");
        var controlAgent = session["controlAgentId"]?.GetValue<string>();
        var endReason = session["endReason"]?.GetValue<string>();
        var endedAt = session["endedAt"]?.GetValue<string>();
        var startedAt = session["startedAt"]?.GetValue<string>();
        var because = $"session {id}: {session.ToJsonString()}";
        switch (state)
        {
            case "ended":
                Assert.True(endReason is not null && endedAt is not null, $"An ended session has a reason and an end time; {because}");
                Assert.True(controlAgent is null, $"An ended session has no control holder; {because}");
                Assert.True(Time(endedAt!) >= Time(Text(session, "createdAt")), $"It ended after it was created; {because}");
                break;
            case "pending":
                Assert.True(startedAt is null && endReason is null && endedAt is null && controlAgent is null, $"A pending session has not started; {because}");
                Assert.True(
                    DateTimeOffset.UtcNow < Time(Text(session, "createdAt")) + FaultStack.PendingLifetime + Slack,
                    $"A pending session is past its key's or offer's expiry and still pending; {because}");
                break;
            case "viewOnly":
                Assert.True(startedAt is not null && endReason is null && controlAgent is null, $"A view-only session has started and nobody holds control; {because}");
                break;
            case "controlRequested" or "control":
                Assert.True(startedAt is not null && endReason is null && controlAgent is not null, $"A request or control names its agent; {because}");
                break;
            default:
                Assert.Fail($"Unknown state; {because}");
                break;
        }
    }

    private static void AssertNoEventDoubled(string interaction, List<JsonNode> events)
    {
        var doubled = events.GroupBy(e => Text(e, "eventId")).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(doubled.Count == 0, $"Timeline of {interaction} holds these events more than once: {string.Join(", ", doubled)}");
    }

    /// <summary>
    /// Transition events carry the version they produced (<c>{sessionId}.{version:D4}</c>), so a session's transitions
    /// must be exactly its versions in order: one event per version, the last one its current version.
    /// </summary>
    private static void AssertStoryTold(JsonNode session, List<JsonNode> events)
    {
        var id = Text(session, "sessionId");
        var state = Text(session, "state");
        var because = $"session {id} ({session.ToJsonString()}), timeline: {string.Join(" | ", events.Select(e => e.ToJsonString()))}";
        var transitions = events.Where(e => Transitions.Contains(Text(e, "type"))).ToList();
        var started = transitions.Count(e => Text(e, "type") == "sessionStarted");
        var ended = transitions.Where(e => Text(e, "type") == "sessionEnded").ToList();

        Assert.True(started <= 1, $"At most one sessionStarted; {because}");
        Assert.True((started == 1) == session["startedAt"] is not null, $"sessionStarted exactly when the session started; {because}");
        if (state == "ended")
        {
            var end = Assert.Single(ended);
            Assert.Equal(Text(session, "endReason"), Text(end, "endReason"));
        }
        else
        {
            Assert.True(ended.Count == 0, $"No sessionEnded for a session that goes on; {because}");
        }

        var versions = transitions.Select(e => Version(id, Text(e, "eventId"))).ToList();
        var expected = Enumerable.Range(versions.Count == 0 ? 0 : versions.Min(), versions.Count).ToList();
        Assert.True(versions.Order().SequenceEqual(expected), $"One transition event per version, none missing; {because}");
        Assert.True(versions.Count > 0 && versions.Max() == session["version"]!.GetValue<int>(), $"The last transition event is the session's current version; {because}");
    }

    private static int Version(string sessionId, string eventId) =>
        int.Parse(eventId[(sessionId.Length + 1)..], CultureInfo.InvariantCulture);

    private static string Text(JsonNode node, string property) =>
        node[property]?.GetValue<string>() ?? throw new InvalidOperationException($"No '{property}' in {node.ToJsonString()}");

    private static DateTimeOffset Time(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
}
