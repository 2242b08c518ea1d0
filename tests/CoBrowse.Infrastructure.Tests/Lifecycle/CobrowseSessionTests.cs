using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.Lifecycle;
using Microsoft.Extensions.Time.Testing;

namespace CoBrowse.Infrastructure.Tests.Lifecycle;

public class CobrowseSessionTests
{
    private const string Tenant = "acme";
    private const string SessionId = "s1";
    private const string InteractionId = "i1";

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ChatTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly EntityHarness<CobrowseSessionState> _entity;

    public CobrowseSessionTests() =>
        _entity = new EntityHarness<CobrowseSessionState>(
            LifecycleNames.SessionEntityId(Tenant, SessionId), () => new CobrowseSession(_clock));

    private FakeEntityContext Context => _entity.Context;

    private CobrowseSessionState State => _entity.State;

    private static SessionCreated CreatedInput(
        EndReason expiryReason = EndReason.KeyExpired, Channel channel = Channel.WebChat, TimeSpan? timeout = null, bool voice = false) =>
        new(
            Tenant,
            SessionId,
            InteractionId,
            voice ? Channel.Voice : channel,
            expiryReason,
            Start + KeyLifetime,
            voice ? null : timeout ?? ChatTimeout);

    private Task CreatedAsync(SessionCreated? input = null) => _entity.RunAsync(nameof(CobrowseSession.Created), input ?? CreatedInput());

    private Task JoinedAsync() => _entity.RunAsync(nameof(CobrowseSession.Joined));

    private Task ExpireAsync() => _entity.RunAsync(nameof(CobrowseSession.Expire));

    private Task CheckInactivityAsync() => _entity.RunAsync(CobrowseSession.CheckInactivityOperation);

    private Task ActivityAsync(DateTimeOffset at) => _entity.RunAsync(nameof(CobrowseSession.Activity), at);

    private Task EndAsync(EndReason reason) => _entity.RunAsync(nameof(CobrowseSession.End), reason);

    private Task EndedAsync(EndReason reason) => _entity.RunAsync(nameof(CobrowseSession.Ended), reason);

    /// <summary>Created, then joined one minute later: an active chat session whose last activity is <see cref="Start"/> + 1 min.</summary>
    private async Task<DateTimeOffset> ActiveAsync(SessionCreated? input = null)
    {
        await CreatedAsync(input);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await JoinedAsync();
        Context.Clear();
        return _clock.GetUtcNow();
    }

    private static RecordedSignal SelfSignal(string operation, DateTimeOffset? at) =>
        new(LifecycleNames.SessionEntityId(Tenant, SessionId), operation, null, at);

    private static RecordedSignal DetachSignal() =>
        new(LifecycleNames.InteractionEntityId(Tenant, InteractionId), nameof(Interaction.Detach), SessionId, null);

    private static ScheduledOrchestration EndOrchestration(EndReason reason) =>
        new(LifecycleNames.EndSessionOrchestration, new SessionEndRequest(Tenant, SessionId, reason));

    private void AssertNothingHappened()
    {
        Assert.Empty(Context.Signals);
        Assert.Empty(Context.Orchestrations);
    }

    [Fact]
    public async Task CreatedIsPendingAttachesToTheInteractionAndSchedulesTheExpiryAtTheDeadline()
    {
        await CreatedAsync();

        Assert.Equal(LifecyclePhase.Pending, State.Phase);
        Assert.Equal(Tenant, State.TenantId);
        Assert.Equal(SessionId, State.SessionId);
        Assert.Equal(InteractionId, State.InteractionId);
        Assert.Equal(Start, State.LastActivity);
        Assert.Null(State.EndReason);
        Assert.Equal(
            [
                new RecordedSignal(
                    LifecycleNames.InteractionEntityId(Tenant, InteractionId), nameof(Interaction.Attach), new AttachedSession(Tenant, SessionId), null),
                SelfSignal(nameof(CobrowseSession.Expire), Start + KeyLifetime),
            ],
            Context.Signals);
        Assert.Empty(Context.Orchestrations);
    }

    [Fact]
    public async Task ASecondCreatedChangesNothing()
    {
        await CreatedAsync();
        Context.Clear();
        _clock.Advance(TimeSpan.FromMinutes(2));

        await CreatedAsync(CreatedInput(EndReason.OfferExpired));

        AssertNothingHappened();
        Assert.Equal(LifecyclePhase.Pending, State.Phase);
        Assert.Equal(EndReason.KeyExpired, State.ExpiryReason);
        Assert.Equal(Start, State.LastActivity);
    }

    [Theory]
    [InlineData(EndReason.KeyExpired)]
    [InlineData(EndReason.OfferExpired)]
    public async Task ExpireWhilePendingEndsWithTheExpiryReasonAndDetaches(EndReason expiryReason)
    {
        await CreatedAsync(CreatedInput(expiryReason));
        Context.Clear();
        _clock.Advance(KeyLifetime);

        await ExpireAsync();

        Assert.Equal([EndOrchestration(expiryReason)], Context.Orchestrations);
        Assert.Equal([DetachSignal()], Context.Signals);
        Assert.Equal(LifecyclePhase.Ended, State.Phase);
        Assert.Equal(expiryReason, State.EndReason);
    }

    [Fact]
    public async Task AnExpireArrivingBeforeTheDeadlineWaitsForTheDeadlineInsteadOfEnding()
    {
        await CreatedAsync();
        Context.Clear();
        _clock.Advance(KeyLifetime - TimeSpan.FromMilliseconds(300));

        await ExpireAsync();

        Assert.Empty(Context.Orchestrations);
        Assert.Equal([SelfSignal(nameof(CobrowseSession.Expire), Start + KeyLifetime)], Context.Signals);
        Assert.Equal(LifecyclePhase.Pending, State.Phase);
    }

    [Fact]
    public async Task ASecondExpireDoesNothing()
    {
        await CreatedAsync();
        _clock.Advance(KeyLifetime);
        await ExpireAsync();
        Context.Clear();

        await ExpireAsync();

        AssertNothingHappened();
    }

    [Fact]
    public async Task ExpireAfterTheCustomerJoinedDoesNothing()
    {
        await ActiveAsync();
        _clock.Advance(KeyLifetime);

        await ExpireAsync();

        AssertNothingHappened();
        Assert.Equal(LifecyclePhase.Active, State.Phase);
        Assert.Null(State.EndReason);
    }

    [Fact]
    public async Task JoinedMakesTheSessionActiveAndSchedulesAnInactivityCheckAtNowPlusTheTimeout()
    {
        await CreatedAsync();
        Context.Clear();
        _clock.Advance(TimeSpan.FromMinutes(3));
        var joinedAt = _clock.GetUtcNow();

        await JoinedAsync();

        Assert.Equal(LifecyclePhase.Active, State.Phase);
        Assert.Equal(joinedAt, State.LastActivity);
        Assert.Equal([SelfSignal(CobrowseSession.CheckInactivityOperation, joinedAt + ChatTimeout)], Context.Signals);
        Assert.Empty(Context.Orchestrations);
    }

    [Fact]
    public async Task ASecondJoinedSchedulesNoSecondCheck()
    {
        await ActiveAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));

        await JoinedAsync();

        AssertNothingHappened();
    }

    [Fact]
    public async Task AVoiceSessionWithoutATimeoutSchedulesNoInactivityCheck()
    {
        await CreatedAsync(CreatedInput(voice: true));
        Context.Clear();

        await JoinedAsync();

        Assert.Equal(LifecyclePhase.Active, State.Phase);
        AssertNothingHappened();
    }

    [Fact]
    public async Task AVoiceSessionNeverEndsForInactivity()
    {
        await ActiveAsync(CreatedInput(voice: true));
        _clock.Advance(TimeSpan.FromDays(2));

        await CheckInactivityAsync();

        AssertNothingHappened();
        Assert.Equal(LifecyclePhase.Active, State.Phase);
    }

    [Fact]
    public async Task ACheckBeforeTheDeadlineLooksAgainAtTheDeadlineAndDoesNotEnd()
    {
        var joinedAt = await ActiveAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));

        await CheckInactivityAsync();

        Assert.Equal([SelfSignal(CobrowseSession.CheckInactivityOperation, joinedAt + ChatTimeout)], Context.Signals);
        Assert.Empty(Context.Orchestrations);
        Assert.Equal(LifecyclePhase.Active, State.Phase);
    }

    [Fact]
    public async Task ActivityPostponesTheInactivityEnd()
    {
        var joinedAt = await ActiveAsync();
        var oldDeadline = joinedAt + ChatTimeout;

        _clock.Advance(TimeSpan.FromMinutes(10));
        var activeAt = _clock.GetUtcNow();
        await ActivityAsync(activeAt);
        Assert.Equal(activeAt, State.LastActivity);
        AssertNothingHappened();

        // The check scheduled at join time fires at the old deadline: the session is not idle any more, look again later.
        _clock.AdjustTime(oldDeadline);
        await CheckInactivityAsync();
        Assert.Equal([SelfSignal(CobrowseSession.CheckInactivityOperation, activeAt + ChatTimeout)], Context.Signals);
        Assert.Empty(Context.Orchestrations);
        Assert.Equal(LifecyclePhase.Active, State.Phase);
        Context.Clear();

        // No more activity: the rescheduled check ends the session.
        _clock.AdjustTime(activeAt + ChatTimeout);
        await CheckInactivityAsync();
        Assert.Equal([EndOrchestration(EndReason.Inactivity)], Context.Orchestrations);
        Assert.Equal(LifecyclePhase.Ended, State.Phase);
    }

    [Fact]
    public async Task OlderActivityDoesNotMoveTheLastActivityBack()
    {
        var joinedAt = await ActiveAsync();
        _clock.Advance(TimeSpan.FromMinutes(4));
        await ActivityAsync(_clock.GetUtcNow());
        var latest = State.LastActivity;

        await ActivityAsync(joinedAt + TimeSpan.FromMinutes(2));

        Assert.Equal(latest, State.LastActivity);
        AssertNothingHappened();
    }

    [Fact]
    public async Task ActivityBeforeTheCustomerJoinedIsIgnored()
    {
        await CreatedAsync();
        Context.Clear();

        await ActivityAsync(Start + TimeSpan.FromMinutes(5));

        Assert.Equal(Start, State.LastActivity);
        Assert.Equal(LifecyclePhase.Pending, State.Phase);
        AssertNothingHappened();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(90)]
    public async Task ACheckAtOrAfterTheDeadlineEndsForInactivity(int secondsPastDeadline)
    {
        var joinedAt = await ActiveAsync();
        _clock.AdjustTime(joinedAt + ChatTimeout + TimeSpan.FromSeconds(secondsPastDeadline));

        await CheckInactivityAsync();

        Assert.Equal([EndOrchestration(EndReason.Inactivity)], Context.Orchestrations);
        Assert.Equal([DetachSignal()], Context.Signals);
        Assert.Equal(LifecyclePhase.Ended, State.Phase);
        Assert.Equal(EndReason.Inactivity, State.EndReason);
    }

    [Fact]
    public async Task ADuplicateCheckAfterTheInactivityEndDoesNothing()
    {
        var joinedAt = await ActiveAsync();
        _clock.AdjustTime(joinedAt + ChatTimeout);
        await CheckInactivityAsync();
        Context.Clear();

        await CheckInactivityAsync();

        AssertNothingHappened();
    }

    [Theory]
    [InlineData(EndReason.InteractionTransferred)]
    [InlineData(EndReason.InteractionEnded)]
    public async Task EndFromActiveRunsExactlyOneEndWithThatReason(EndReason reason)
    {
        await ActiveAsync();

        await EndAsync(reason);
        await EndAsync(reason);
        await EndAsync(EndReason.Error);

        Assert.Equal([EndOrchestration(reason)], Context.Orchestrations);
        Assert.Equal([DetachSignal()], Context.Signals);
        Assert.Equal(LifecyclePhase.Ended, State.Phase);
        Assert.Equal(reason, State.EndReason);
    }

    [Fact]
    public async Task EndWhilePendingRunsTheEndAndALaterExpireDoesNothing()
    {
        await CreatedAsync();
        Context.Clear();

        await EndAsync(EndReason.InteractionEnded);
        await ExpireAsync();

        Assert.Equal([EndOrchestration(EndReason.InteractionEnded)], Context.Orchestrations);
        Assert.Equal([DetachSignal()], Context.Signals);
    }

    [Fact]
    public async Task EndBeforeCreatedIsDropped()
    {
        await EndAsync(EndReason.InteractionEnded);

        AssertNothingHappened();
        Assert.Equal(LifecyclePhase.Unknown, State.Phase);
    }

    [Theory]
    [InlineData(false, EndReason.AgentEnded)]
    [InlineData(true, EndReason.CustomerEnded)]
    public async Task EndedThroughTheApiIsOnlyRememberedAndNothingEndsItAgain(bool joined, EndReason reason)
    {
        await CreatedAsync();
        if (joined)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            await JoinedAsync();
        }

        Context.Clear();

        await EndedAsync(reason);

        Assert.Empty(Context.Orchestrations);
        Assert.Equal([DetachSignal()], Context.Signals);
        Assert.Equal(LifecyclePhase.Ended, State.Phase);
        Assert.Equal(reason, State.EndReason);
        Context.Clear();

        _clock.Advance(TimeSpan.FromDays(1));
        await ExpireAsync();
        await CheckInactivityAsync();
        await EndAsync(EndReason.InteractionTransferred);
        await EndedAsync(EndReason.Error);
        await JoinedAsync();
        await ActivityAsync(_clock.GetUtcNow());

        AssertNothingHappened();
        Assert.Equal(LifecyclePhase.Ended, State.Phase);
        Assert.Equal(reason, State.EndReason);
    }

    [Fact]
    public async Task JoinedBeforeCreatedIsActiveOnceCreatedWithACheckAndNoExpiry()
    {
        await JoinedAsync();
        AssertNothingHappened();
        Assert.True(State.JoinedBeforeCreated);

        _clock.Advance(TimeSpan.FromSeconds(2));
        var createdAt = _clock.GetUtcNow();
        await CreatedAsync();

        Assert.Equal(LifecyclePhase.Active, State.Phase);
        Assert.Equal(createdAt, State.LastActivity);
        Assert.Equal(
            [
                new RecordedSignal(
                    LifecycleNames.InteractionEntityId(Tenant, InteractionId), nameof(Interaction.Attach), new AttachedSession(Tenant, SessionId), null),
                SelfSignal(CobrowseSession.CheckInactivityOperation, createdAt + ChatTimeout),
            ],
            Context.Signals);
        Assert.DoesNotContain(Context.Signals, s => s.Operation == nameof(CobrowseSession.Expire));
        Assert.Empty(Context.Orchestrations);
    }

    [Fact]
    public async Task JoinedBeforeCreatedIsNotEndedByTheKeyDeadline()
    {
        await JoinedAsync();
        await CreatedAsync();
        Context.Clear();
        _clock.Advance(KeyLifetime);

        await ExpireAsync();

        AssertNothingHappened();
        Assert.Equal(LifecyclePhase.Active, State.Phase);
    }

    [Fact]
    public async Task EndedBeforeCreatedMakesALaterCreatedANoOp()
    {
        await EndedAsync(EndReason.AgentEnded);
        AssertNothingHappened();

        await CreatedAsync();
        await JoinedAsync();
        await ExpireAsync();
        await CheckInactivityAsync();

        AssertNothingHappened();
        Assert.Equal(LifecyclePhase.Ended, State.Phase);
        Assert.Equal(EndReason.AgentEnded, State.EndReason);
    }

    [Fact]
    public async Task JoinedThenEndedBothBeforeCreatedMakesALaterCreatedANoOp()
    {
        await JoinedAsync();
        await EndedAsync(EndReason.CustomerEnded);

        await CreatedAsync();

        AssertNothingHappened();
        Assert.Equal(LifecyclePhase.Ended, State.Phase);
    }
}
