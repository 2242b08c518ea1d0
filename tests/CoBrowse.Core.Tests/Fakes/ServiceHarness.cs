using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CoBrowse.Core.Tests.Fakes;

/// <summary>The application services wired to in-memory ports and a fake clock, with one tenant ready to use.</summary>
public sealed class ServiceHarness
{
    public const string TenantId = "acme";
    public const string SiteKey = "site_acme-public";
    public const string Origin = "https://shop.acme.example";
    public const string AgentId = "agent-1";
    public const string InteractionId = "interaction-1";

    /// <summary>Three minutes into a ten-minute attempt window, so lockouts have a predictable Retry-After.</summary>
    public static DateTimeOffset Start { get; } = new(2025, 3, 4, 10, 3, 0, TimeSpan.Zero);

    public ServiceHarness(AttemptLimits? limits = null)
    {
        Limits = limits ?? AttemptLimits.Default;
        Tokens = new FakeTokenIssuer(Clock);
        States = new RecordingStatePublisher(Realtime);
        TenantService = new TenantService(Tenants, ApiKeys, Clock);
        SessionService = new SessionService(Sessions, Timeline, Realtime, States, Clock, NullLogger<SessionService>.Instance);
        Guesses = new KeyGuessLimiter(Attempts, GuessLedger, Limits);
        SecurityKeyService = new SecurityKeyService(Keys, Sessions, Timeline, Guesses, TenantService, SessionService, Tokens, Clock, StartOptions);
        OfferService = new OfferService(Offers, Sessions, Timeline, TenantService, SessionService, Tokens, Clock, StartOptions);
        AgentTokenService = new AgentTokenService(TenantService, Tokens);
        Tenant = new Tenant
        {
            TenantId = TenantId,
            Name = "Acme",
            SiteKey = SiteKey,
            AllowedOrigins = [Origin],
            CreatedAt = Start,
        };
        _ = Tenants.TryCreateAsync(Tenant, CancellationToken.None);
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public AttemptLimits Limits { get; }

    public SessionStartOptions StartOptions { get; } = new();

    public Tenant Tenant { get; }

    public AgentPrincipal Agent { get; } = new(TenantId, AgentId, new HashSet<string>(StringComparer.Ordinal) { AgentRoles.Agent });

    public InMemoryTenantStore Tenants { get; } = new();

    public InMemoryApiKeyStore ApiKeys { get; } = new();

    public InMemorySessionStore Sessions { get; } = new();

    public InMemoryTimelineStore Timeline { get; } = new();

    public InMemorySecurityKeyStore Keys { get; } = new();

    public InMemoryOfferStore Offers { get; } = new();

    public InMemoryAttemptCounter Attempts { get; } = new();

    public InMemoryKeyGuessLedger GuessLedger { get; } = new();

    public KeyGuessLimiter Guesses { get; }

    public RecordingSessionSignals Signals { get; } = new();

    public RecordingRealtimeControl Realtime { get; } = new();

    public RecordingStatePublisher States { get; }

    public FakeTokenIssuer Tokens { get; }

    public TenantService TenantService { get; }

    public SessionService SessionService { get; }

    public SecurityKeyService SecurityKeyService { get; }

    public OfferService OfferService { get; }

    public AgentTokenService AgentTokenService { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Stores a session of the harness tenant in <paramref name="state"/>, as the lifecycle would have left it.</summary>
    public Session SeedSession(SessionState state, string? controlAgentId = null)
    {
        var session = new Session
        {
            TenantId = TenantId,
            SessionId = "s-seeded",
            InteractionId = InteractionId,
            Channel = Channel.WebChat,
            State = state,
            CreatedAt = Start,
            UpdatedAt = Start,
            OwnerAgentId = AgentId,
            StartedAt = state == SessionState.Pending ? null : Start,
            ControlAgentId = state is SessionState.ControlRequested or SessionState.Control ? controlAgentId ?? AgentId : null,
            Version = state == SessionState.Pending ? 0 : 1,
        };
        Sessions.Seed(session);
        return session;
    }

    public static async Task<CoBrowseProblemException> ProblemAsync(Func<Task> act) =>
        await Assert.ThrowsAsync<CoBrowseProblemException>(act);
}
