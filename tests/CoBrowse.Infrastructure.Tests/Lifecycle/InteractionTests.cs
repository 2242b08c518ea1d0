using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.Lifecycle;

namespace CoBrowse.Infrastructure.Tests.Lifecycle;

public class InteractionTests
{
    private const string Tenant = "acme";

    private static readonly AttachedSession First = new(Tenant, "s1");
    private static readonly AttachedSession Second = new(Tenant, "s2");
    private static readonly AttachedSession Later = new(Tenant, "s3");

    private readonly EntityHarness<InteractionState> _entity =
        new(LifecycleNames.InteractionEntityId(Tenant, "i1"), () => new Interaction());

    private FakeEntityContext Context => _entity.Context;

    private InteractionState State => _entity.State;

    private Task AttachAsync(AttachedSession session) => _entity.RunAsync(nameof(Interaction.Attach), session);

    private Task DetachAsync(string sessionId) => _entity.RunAsync(nameof(Interaction.Detach), sessionId);

    private Task TransferredAsync() => _entity.RunAsync(nameof(Interaction.Transferred));

    private Task EndedAsync() => _entity.RunAsync(nameof(Interaction.Ended));

    private static RecordedSignal EndSignal(AttachedSession session, EndReason reason) =>
        new(LifecycleNames.SessionEntityId(session.TenantId, session.SessionId), nameof(CobrowseSession.End), reason, null);

    [Fact]
    public async Task AttachingTheSameSessionTwiceKeepsOne()
    {
        await AttachAsync(First);
        await AttachAsync(new AttachedSession(Tenant, "s1"));

        Assert.Equal([First], State.Sessions);
        Assert.Empty(Context.Signals);
    }

    [Fact]
    public async Task DetachRemovesTheSession()
    {
        await AttachAsync(First);
        await AttachAsync(Second);

        await DetachAsync("s1");
        await DetachAsync("unknown");

        Assert.Equal([Second], State.Sessions);
        Assert.Empty(Context.Signals);
    }

    [Fact]
    public async Task ADetachedSessionIsNotEndedByTheInteraction()
    {
        await AttachAsync(First);
        await AttachAsync(Second);
        await DetachAsync("s1");

        await EndedAsync();

        Assert.Equal([EndSignal(Second, EndReason.InteractionEnded)], Context.Signals);
    }

    [Fact]
    public async Task ATransferEndsEveryAttachedSessionAndClearsThem()
    {
        await AttachAsync(First);
        await AttachAsync(Second);

        await TransferredAsync();

        Assert.Equal(
            [EndSignal(First, EndReason.InteractionTransferred), EndSignal(Second, EndReason.InteractionTransferred)],
            Context.Signals);
        Assert.Empty(State.Sessions);
        Assert.False(State.Ended);
        Assert.Empty(Context.Orchestrations);
    }

    [Fact]
    public async Task AfterATransferTheInteractionGoesOnAndANewSessionIsNotEnded()
    {
        await AttachAsync(First);
        await TransferredAsync();
        Context.Clear();

        await AttachAsync(Later);

        Assert.Empty(Context.Signals);
        Assert.Equal([Later], State.Sessions);

        await TransferredAsync();
        Assert.Equal([EndSignal(Later, EndReason.InteractionTransferred)], Context.Signals);
    }

    [Fact]
    public async Task EndingTheInteractionEndsEveryAttachedSessionAndClearsThem()
    {
        await AttachAsync(First);
        await AttachAsync(Second);

        await EndedAsync();

        Assert.Equal(
            [EndSignal(First, EndReason.InteractionEnded), EndSignal(Second, EndReason.InteractionEnded)],
            Context.Signals);
        Assert.Empty(State.Sessions);
        Assert.True(State.Ended);
    }

    [Fact]
    public async Task ASessionAttachedAfterTheInteractionEndedIsEndedAtOnce()
    {
        await AttachAsync(First);
        await EndedAsync();
        Context.Clear();

        await AttachAsync(Later);

        Assert.Equal([EndSignal(Later, EndReason.InteractionEnded)], Context.Signals);
        Assert.Empty(State.Sessions);
    }

    [Fact]
    public async Task ASessionAttachedToAnInteractionThatEndedBeforeAnySessionIsEndedAtOnce()
    {
        await EndedAsync();
        Assert.Empty(Context.Signals);

        await AttachAsync(First);

        Assert.Equal([EndSignal(First, EndReason.InteractionEnded)], Context.Signals);
    }

    [Fact]
    public async Task ADuplicateEndSendsNoSecondSignal()
    {
        await AttachAsync(First);
        await AttachAsync(Second);
        await EndedAsync();
        Context.Clear();

        await EndedAsync();
        await TransferredAsync();

        Assert.Empty(Context.Signals);
        Assert.True(State.Ended);
    }

    [Fact]
    public async Task ATransferAfterTheEndDoesNotReopenTheInteraction()
    {
        await EndedAsync();
        await TransferredAsync();
        Context.Clear();

        await AttachAsync(Later);

        Assert.Equal([EndSignal(Later, EndReason.InteractionEnded)], Context.Signals);
    }
}
