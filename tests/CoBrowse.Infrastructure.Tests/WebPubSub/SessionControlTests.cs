using System.Net;
using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.Extensions.Logging.Abstractions;
using static CoBrowse.Infrastructure.Tests.WebPubSub.FakeSessionStore;
using static CoBrowse.Infrastructure.Tests.WebPubSub.WebPubSubTestData;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

public class SessionControlTests
{
    private readonly InMemoryPresence _presence = new();
    private readonly WebPubSubRestClient _rest;
    private readonly RecordingHandler _handler;
    private readonly WebPubSubSessionControl _control;

    public SessionControlTests()
    {
        (_rest, _handler) = RestClient();
        _control = new WebPubSubSessionControl(_presence, new WebPubSubConnectionPermissions(_rest), _rest, NullLogger<WebPubSubSessionControl>.Instance);
        _presence.Add("c-cust", RealtimeRole.Customer, null);
        _presence.Add("c-alice-1", RealtimeRole.Agent, "alice");
        _presence.Add("c-alice-2", RealtimeRole.Agent, "alice");
        _presence.Add("c-bob", RealtimeRole.Agent, "bob");
    }

    private IEnumerable<string> Calls => _handler.Requests.Select(r => $"{r.Method} {r.Url.AbsolutePath}").Order(StringComparer.Ordinal);

    [Fact]
    public async Task GrantingReachesEveryConnectionOfTheControllingAgentOnly()
    {
        _handler.Respond(HttpStatusCode.OK).Respond(HttpStatusCode.OK);

        await _control.GrantControlAsync(NewSession("acme", "s1", SessionState.Control, "alice"), CancellationToken.None);

        Assert.Equal(["PUT /api/hubs/cobrowse/permissions/sendToGroup/connections/c-alice-1", "PUT /api/hubs/cobrowse/permissions/sendToGroup/connections/c-alice-2"], Calls);
        Assert.All(_handler.Requests, r => Assert.Contains("targetName=s.s1.ctl", r.Url.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RevokingReachesEveryAgentConnectionAndSurvivesAFailure()
    {
        _handler.Respond(HttpStatusCode.NotFound, """{"code":"NotFound","message":"gone"}""").Respond(HttpStatusCode.NoContent).Respond(HttpStatusCode.NoContent);

        await _control.RevokeControlAsync(NewSession("acme", "s1", SessionState.ViewOnly), CancellationToken.None);

        Assert.Equal(3, _handler.Requests.Count);
        Assert.All(_handler.Requests, r => Assert.Equal(HttpMethod.Delete, r.Method));
    }

    [Fact]
    public async Task ClosingClosesTheThreeGroupsWithAReasonClientsCanShow()
    {
        _handler.Respond(HttpStatusCode.NoContent).Respond(HttpStatusCode.NoContent).Respond(HttpStatusCode.NoContent);

        await _control.CloseSessionAsync(NewSession("acme", "s1", SessionState.Ended), CancellationToken.None);

        Assert.Equal(
            ["POST /api/hubs/cobrowse/groups/s.s1.ctl/:closeConnections", "POST /api/hubs/cobrowse/groups/s.s1.guide/:closeConnections", "POST /api/hubs/cobrowse/groups/s.s1.view/:closeConnections"],
            Calls);
        Assert.All(_handler.Requests, r => Assert.Contains("reason=session-ended%3AcustomerEnded", r.Url.Query, StringComparison.Ordinal));
    }

    private sealed class InMemoryPresence : IPresenceStore
    {
        private readonly List<PresenceEntry> _entries = [];

        public void Add(string connectionId, RealtimeRole role, string? agentId) =>
            _entries.Add(new PresenceEntry("acme", "s1", connectionId, "u", role, agentId, Now));

        public Task UpsertAsync(PresenceEntry entry, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RemoveAsync(string tenantId, string sessionId, string connectionId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<PresenceEntry>> ListAsync(string tenantId, string sessionId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PresenceEntry>>(_entries.Where(e => e.TenantId == tenantId && e.SessionId == sessionId).ToList());
    }
}
