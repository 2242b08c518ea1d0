using CoBrowse.Core.Channels;
using CoBrowse.Core.Reporting;
using CoBrowse.Core.Sessions;

namespace CoBrowse.MetricsBench;

/// <summary>Plausible session facts: a mix of channels, 50 agents, some never started, log-normal durations, some control.</summary>
internal static class FactsGenerator
{
    private static readonly Channel[] Channels = [Channel.Voice, Channel.Voice, Channel.WebMessaging, Channel.WebChat];
    private static readonly EndReason[] StartedEnds = [EndReason.CustomerEnded, EndReason.AgentEnded, EndReason.AgentEnded, EndReason.InteractionEnded, EndReason.InteractionTransferred, EndReason.Inactivity];

    public static IEnumerable<SessionFacts> Generate(string tenantId, int count, DateOnly firstDay, int days, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var created = start.AddSeconds(random.NextDouble() * days * 86_400);
            var channel = Channels[random.Next(Channels.Length)];
            var started = random.NextDouble() < 0.85;
            var duration = started ? TimeSpan.FromSeconds(Math.Min(7200, Math.Exp(5 + (random.NextDouble() + random.NextDouble() - 1) * 2))) : (TimeSpan?)null;
            var requests = started && random.NextDouble() < 0.3 ? random.Next(1, 3) : 0;
            var approvals = requests == 0 ? 0 : random.Next(0, requests + 1);
            var startedAt = started ? created.AddSeconds(random.Next(5, 120)) : (DateTimeOffset?)null;
            yield return new SessionFacts
            {
                TenantId = tenantId,
                SessionId = $"s{seed:D2}{i:D8}",
                InteractionId = $"i{i / 2:D8}",
                Channel = channel,
                OwnerAgentId = $"agent-{random.Next(50):D2}",
                ExternalContactId = $"crm-{random.Next(20_000)}",
                CreatedAt = created,
                StartedAt = startedAt,
                EndedAt = startedAt is { } s ? s + duration!.Value : created.AddMinutes(5),
                EndReason = started ? StartedEnds[random.Next(StartedEnds.Length)] : channel == Channel.Voice ? EndReason.KeyExpired : (random.Next(2) == 0 ? EndReason.OfferDeclined : EndReason.OfferExpired),
                Duration = duration,
                ControlRequests = requests,
                ControlApprovals = approvals,
                ControlTime = approvals == 0 ? TimeSpan.Zero : duration!.Value / 3,
                Navigations = started ? random.Next(0, 12) : 0,
            };
        }
    }
}
