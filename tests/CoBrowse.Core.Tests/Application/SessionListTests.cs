using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tests.Fakes;

namespace CoBrowse.Core.Tests.Application;

public class SessionListTests
{
    private readonly ServiceHarness _h = new();

    [Fact]
    public async Task TheNewestComeFirstAndTheListStopsAtTheLimit()
    {
        for (var i = 0; i < SessionService.MaxListed + 5; i++)
        {
            Seed($"s{i:D3}", SessionState.ViewOnly, ServiceHarness.Start.AddSeconds(i));
        }

        var listed = await _h.SessionService.ListAsync(_h.Agent, includeEnded: false, interactionId: null, CancellationToken.None);

        Assert.Equal(SessionService.MaxListed, listed.Count);
        Assert.Equal($"s{SessionService.MaxListed + 4:D3}", listed[0].SessionId);
        Assert.Equal(listed.OrderByDescending(s => s.CreatedAt), listed);
    }

    [Fact]
    public async Task AllLooksBackOneDayUnlessAnInteractionIsNamed()
    {
        Seed("s-old", SessionState.Ended, ServiceHarness.Start - TimeSpan.FromDays(2));
        Seed("s-recent", SessionState.Ended, ServiceHarness.Start - TimeSpan.FromHours(1));
        Seed("s-other-tenant", SessionState.ViewOnly, ServiceHarness.Start, tenantId: "globex");

        var all = await _h.SessionService.ListAsync(_h.Agent, includeEnded: true, interactionId: null, CancellationToken.None);
        var byInteraction = await _h.SessionService.ListAsync(_h.Agent, includeEnded: true, ServiceHarness.InteractionId, CancellationToken.None);
        var active = await _h.SessionService.ListAsync(_h.Agent, includeEnded: false, interactionId: null, CancellationToken.None);

        Assert.Equal(["s-recent"], all.Select(s => s.SessionId));
        Assert.Equal(["s-recent", "s-old"], byInteraction.Select(s => s.SessionId));
        Assert.Empty(active);
    }

    [Fact]
    public async Task AnInvalidInteractionIdIsABadRequest()
    {
        var problem = await ServiceHarness.ProblemAsync(() => _h.SessionService.ListAsync(_h.Agent, false, "a/b", CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    private void Seed(string sessionId, SessionState state, DateTimeOffset createdAt, string tenantId = ServiceHarness.TenantId) => _h.Sessions.Seed(new Session
    {
        TenantId = tenantId,
        SessionId = sessionId,
        InteractionId = ServiceHarness.InteractionId,
        Channel = Channel.Voice,
        State = state,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
        OwnerAgentId = ServiceHarness.AgentId,
    });
}
