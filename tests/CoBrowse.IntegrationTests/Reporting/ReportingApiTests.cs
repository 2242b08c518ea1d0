using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Reporting;

/// <summary>
/// The reporting API over data that real sessions produced in the local stack: keys, offers, redeem, accept,
/// decline, control, navigations over the socket, ends by the customer, the agent and the webhook.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class ReportingApiTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());
    private readonly ReportingScenario _run = new(new CoBrowseApi(stack.CreateClient()), stack.CreateClient());

    [Fact]
    public async Task TheTimelineHasEveryStepWithNavigationsControlTimeAndDurations()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-tl");
        var (sessionId, customer) = await _run.StartVoiceAsync(tenant, agent, "call-timeline");
        var url = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", customer)).AssertStatus(HttpStatusCode.OK).Text("url");
        await using (var socket = await PubSubTestClient.ConnectAsync(url))
        {
            Assert.True((await socket.SendEventAsync("navigated", new JsonObject { ["path"] = "/checkout?card=4111#pay" }))["success"]!.GetValue<bool>());
            // A second report within the second (a reload loop) is not recorded.
            Assert.False((await socket.SendEventAsync("navigated", new JsonObject { ["path"] = "/checkout" }))["success"]!.GetValue<bool>());
            await Task.Delay(TimeSpan.FromMilliseconds(1100));
            Assert.True((await socket.SendEventAsync("navigated", new JsonObject { ["path"] = "https://shop.example.test/account?email=a@b.c" }))["success"]!.GetValue<bool>());
            Assert.False((await socket.SendEventAsync("navigated", new JsonObject { ["url"] = "/no-path-field" }))["success"]!.GetValue<bool>());
            Assert.False((await socket.SendEventAsync("navigated", new JsonObject { ["path"] = "javascript:alert(1)" }))["success"]!.GetValue<bool>());
        }

        await _run.ControlApprovedThenRevokedAsync(sessionId, agent, customer, TimeSpan.FromMilliseconds(700));
        await _run.ControlDeniedAsync(sessionId, agent, customer);
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", agent)).AssertStatus(HttpStatusCode.OK);

        var timeline = (await _api.GetAsync("/api/v1/interactions/call-timeline/timeline", tenant.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!;
        var events = timeline["events"]!.AsArray()
            .Where(e => e!["type"]!.GetValue<string>() is not ("participantConnected" or "participantDisconnected"))
            .ToList();
        Assert.Equal(
            ["keyIssued", "sessionStarted", "pageNavigated", "pageNavigated", "controlRequested", "controlGranted", "controlRevoked", "controlRequested", "controlDenied", "sessionEnded"],
            events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(["/checkout", "/account"], events.Where(e => e!["type"]!.GetValue<string>() == "pageNavigated").Select(e => e!["path"]!.GetValue<string>()));
        Assert.Equal(["agent:agent-tl", "customer:customer", "customer:customer"], events.Where(e => e!["type"]!.GetValue<string>() is "controlRequested" or "controlGranted" or "controlRevoked").Take(3).Select(Actor));
        Assert.Equal("agentEnded", events[^1]!["endReason"]!.GetValue<string>());
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First!["at"]!.GetValue<DateTimeOffset>() <= p.Second!["at"]!.GetValue<DateTimeOffset>()));

        var summary = timeline["sessions"]!.AsArray().Single()!;
        Assert.Equal(sessionId, summary["sessionId"]!.GetValue<string>());
        Assert.Equal(2, summary["controlRequests"]!.GetValue<int>());
        Assert.Equal(1, summary["controlApprovals"]!.GetValue<int>());
        Assert.Equal(1, summary["controlDenials"]!.GetValue<int>());
        Assert.Equal(2, summary["navigations"]!.GetValue<int>());
        Assert.InRange(summary["controlSeconds"]!.GetValue<double>(), 0.6, 20);
        Assert.True(summary["durationSeconds"]!.GetValue<double>() >= summary["controlSeconds"]!.GetValue<double>());
        Assert.Equal(events[^1]!["durationSeconds"]!.GetValue<double>(), summary["durationSeconds"]!.GetValue<double>());
        Assert.NotNull(summary["offeredAt"]);
    }

    [Fact]
    public async Task MetricsAndCsvCountRealSessionsOfTheCallersTenantOnly()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var alice = await _api.AgentTokenAsync(a, "alice");
        var bob = await _api.AgentTokenAsync(a, "bob");
        var reporter = await _api.AgentTokenAsync(a, "rita", "reporting");

        // A key nobody redeems: the lifecycle expires it (keyExpired), a session that never started but counts.
        var (_, expired) = await _api.IssueKeyAsync(alice, "call-expires");
        // Voice with control approved (held ~0.5 s), ended by the customer.
        var (voice, voiceCustomer) = await _run.StartVoiceAsync(a, alice, "call-metrics", contact: "=HYPERLINK(\"x\"),evil");
        await _run.ControlApprovedThenRevokedAsync(voice, alice, voiceCustomer, TimeSpan.FromMilliseconds(500));
        (await _api.PostAsync($"/api/v1/sessions/{voice}/end", voiceCustomer)).AssertStatus(HttpStatusCode.OK);
        // Web chat offer the customer declined: never started, still counted.
        var (declined, offerId) = await _run.OfferAsync(bob, "chat-metrics", "webChat");
        (await _api.AnswerOfferAsync(a, offerId, accept: false)).AssertStatus(HttpStatusCode.OK);
        // Web messaging ended by the platform's webhook (the lifecycle ends it asynchronously).
        var (messaging, _) = await _api.StartOfferSessionAsync(a, bob, "msg-metrics", "webMessaging");
        (await _api.PostAsync("/api/v1/interactions/msg-metrics/events", a.ApiKey, new { type = "ended" })).AssertStatus(HttpStatusCode.Accepted);
        // Tenant B's session must never show up in A's reports.
        var bAgent = await _api.AgentTokenAsync(b, "alice");
        var (bSession, bCustomer) = await _run.StartVoiceAsync(b, bAgent, "call-metrics");
        (await _api.PostAsync($"/api/v1/sessions/{bSession}/end", bCustomer)).AssertStatus(HttpStatusCode.OK);

        var byChannel = await _run.WaitForMetricsAsync(a.ApiKey, $"{ReportingScenario.RangeAroundToday}&groupBy=channel", 4);
        var totals = byChannel["totals"]!;
        Assert.Equal(4, totals["sessions"]!.GetValue<int>());
        Assert.Equal(4, byChannel["rowsRead"]!.GetValue<int>());
        Assert.Equal(2, totals["startedSessions"]!.GetValue<int>());
        Assert.Equal(1, totals["endReasons"]!["customerEnded"]!.GetValue<int>());
        Assert.Equal(1, totals["endReasons"]!["offerDeclined"]!.GetValue<int>());
        Assert.Equal(1, totals["endReasons"]!["interactionEnded"]!.GetValue<int>());
        Assert.Equal(1, totals["endReasons"]!["keyExpired"]!.GetValue<int>());
        Assert.Equal(1, totals["controlRequests"]!.GetValue<int>());
        Assert.Equal(1.0, totals["controlApprovalRate"]!.GetValue<double>());
        Assert.Equal(0.5, totals["controlRequestRate"]!.GetValue<double>());
        Assert.InRange(totals["controlSeconds"]!.GetValue<double>(), 0.4, 20);
        Assert.True(ReportingScenario.Group(byChannel, "voice")["durationP50Seconds"]!.GetValue<double>() > 0);
        var chat = ReportingScenario.Group(byChannel, "webChat");
        Assert.Equal(0, chat["startedSessions"]!.GetValue<int>());
        Assert.Null(chat["durationP50Seconds"]);
        Assert.Null(chat["controlRequestRate"]);

        var byAgent = (await _run.MetricsAsync(reporter, $"{ReportingScenario.RangeAroundToday}&groupBy=agent")).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.Equal(["alice", "bob"], byAgent["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()));
        Assert.Equal(2, ReportingScenario.Group(byAgent, "bob")["sessions"]!.GetValue<int>());
        Assert.Equal(2, ReportingScenario.Group(byAgent, "alice")["sessions"]!.GetValue<int>());
        var byDay = (await _run.MetricsAsync(a.ApiKey, ReportingScenario.RangeAroundToday)).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.Equal(3, byDay["groups"]!.AsArray().Count);
        Assert.Equal(4, byDay["groups"]!.AsArray().Sum(g => g!["sessions"]!.GetValue<int>()));

        var bMetrics = await _run.WaitForMetricsAsync(b.ApiKey, ReportingScenario.RangeAroundToday, 1);
        Assert.Equal(1, bMetrics["totals"]!["sessions"]!.GetValue<int>());

        var csv = await _run.GetTextAsync($"/api/v1/reports/sessions.csv?{ReportingScenario.RangeAroundToday}", reporter);
        Assert.Equal(HttpStatusCode.OK, csv.Status);
        Assert.Equal("text/csv", csv.MediaType);
        Assert.StartsWith("cobrowse-sessions-", csv.FileName);
        var lines = csv.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sessionId,interactionId,channel,ownerAgentId,externalContactId,", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Contains(lines, l => l.StartsWith(expired + ",call-expires,voice,alice,,", StringComparison.Ordinal) && l.Contains(",,keyExpired,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(declined + ",chat-metrics,webChat,bob,,", StringComparison.Ordinal) && l.Contains(",offerDeclined,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(messaging + ",", StringComparison.Ordinal));
        // The contact id holds a formula, a quote and a comma: quoted, quotes doubled, neutralized with an apostrophe.
        Assert.Contains(lines, l => l.StartsWith($"{voice},call-metrics,voice,alice,\"'=HYPERLINK(\"\"x\"\"),evil\",", StringComparison.Ordinal));
        Assert.DoesNotContain(bSession, csv.Text, StringComparison.Ordinal);

        var bCsv = await _run.GetTextAsync($"/api/v1/reports/sessions.csv?{ReportingScenario.RangeAroundToday}", b.ApiKey);
        Assert.Contains(bSession, bCsv.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(voice, bCsv.Text, StringComparison.Ordinal);

        var metricsCsv = await _run.GetTextAsync($"/api/v1/reports/metrics?{ReportingScenario.RangeAroundToday}&groupBy=channel&format=csv", a.ApiKey);
        Assert.Equal("text/csv", metricsCsv.MediaType);
        Assert.Contains("\r\ntotal,4,2,", metricsCsv.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContactsHistorySpansInteractionsNewestFirstPagedAndPerTenant()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(a, "alice");
        var (first, firstCustomer) = await _run.StartVoiceAsync(a, agent, "call-contact-1", contact: "crm-42");
        (await _api.PostAsync($"/api/v1/sessions/{first}/end", firstCustomer)).AssertStatus(HttpStatusCode.OK);
        var (second, _) = await _run.OfferAsync(agent, "chat-contact-2", "webChat", contact: "crm-42");
        await _run.StartVoiceAsync(a, agent, "call-someone-else", contact: "crm-7");
        var (bSession, _) = await _run.StartVoiceAsync(b, await _api.AgentTokenAsync(b), "call-contact-1", contact: "crm-42");

        var all = (await _api.GetAsync("/api/v1/contacts/crm-42/cobrowse-sessions", a.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.Equal([second, first], all["sessions"]!.AsArray().Select(s => s!["sessionId"]!.GetValue<string>()));
        Assert.Equal(["chat-contact-2", "call-contact-1"], all["sessions"]!.AsArray().Select(s => s!["interactionId"]!.GetValue<string>()));
        Assert.Equal("customerEnded", all["sessions"]![1]!["endReason"]!.GetValue<string>());
        Assert.Null(all["continuationToken"]);

        var page1 = (await _api.GetAsync("/api/v1/contacts/crm-42/cobrowse-sessions?pageSize=1", a.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.Equal(second, page1["sessions"]![0]!["sessionId"]!.GetValue<string>());
        var token = page1["continuationToken"]!.GetValue<string>();
        var page2 = (await _api.GetAsync($"/api/v1/contacts/crm-42/cobrowse-sessions?pageSize=1&continuationToken={Uri.EscapeDataString(token)}", a.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.Equal(first, page2["sessions"]!.AsArray().Single()!["sessionId"]!.GetValue<string>());
        Assert.Null(page2["continuationToken"]);

        var fromB = (await _api.GetAsync("/api/v1/contacts/crm-42/cobrowse-sessions", b.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.Equal([bSession], fromB["sessions"]!.AsArray().Select(s => s!["sessionId"]!.GetValue<string>()));
        // B's credentials never reach A's timeline either: the partition is B's own.
        Assert.Empty((await _api.TimelineAsync(b.ApiKey, "chat-contact-2")));

        (await _api.GetAsync("/api/v1/contacts/crm-42/cobrowse-sessions?continuationToken=garbage", a.ApiKey)).AssertProblem(HttpStatusCode.BadRequest);
        (await _api.GetAsync("/api/v1/contacts/crm-42/cobrowse-sessions?pageSize=0", a.ApiKey)).AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ReportsNeedAnApiKeyOrTheReportingOrSupervisorRole()
    {
        var tenant = await _api.CreateTenantAsync();
        var plainAgent = await _api.AgentTokenAsync(tenant, "plain");
        var (sessionId, customer) = await _run.StartVoiceAsync(tenant, plainAgent, "call-roles");
        string[] routes = [$"/api/v1/reports/metrics?{ReportingScenario.RangeAroundToday}", $"/api/v1/reports/sessions.csv?{ReportingScenario.RangeAroundToday}", "/api/v1/contacts/crm-1/cobrowse-sessions"];

        foreach (var route in routes)
        {
            (await _api.GetAsync(route, plainAgent)).AssertProblem(HttpStatusCode.Forbidden);
            (await _api.GetAsync(route, customer)).AssertProblem(HttpStatusCode.Forbidden);
            (await _api.GetAsync(route)).AssertProblem(HttpStatusCode.Unauthorized);
            Assert.Equal(HttpStatusCode.OK, (await _run.GetTextAsync(route, await _api.AgentTokenAsync(tenant, "rita", "reporting"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await _run.GetTextAsync(route, await _api.AgentTokenAsync(tenant, "sam", "supervisor"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await _run.GetTextAsync(route, tenant.ApiKey)).Status);
        }

        Assert.NotNull(sessionId);
    }

    [Fact]
    public async Task OnlyTheCustomersPageReportsNavigations()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-nav");
        var (sessionId, _) = await _run.StartVoiceAsync(tenant, agent, "call-agent-navigates");
        var url = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", agent)).AssertStatus(HttpStatusCode.OK).Text("url");
        await using var socket = await PubSubTestClient.ConnectAsync(url);

        Assert.False((await socket.SendEventAsync("navigated", new JsonObject { ["path"] = "/agent-made-this-up" }))["success"]!.GetValue<bool>());

        Assert.DoesNotContain(await _api.TimelineAsync(tenant.ApiKey, "call-agent-navigates"), e => e!["type"]!.GetValue<string>() == "pageNavigated");
    }

    [Fact]
    public async Task ARepeatedEndCountsTheSessionOnceWithItsFirstReason()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _run.StartVoiceAsync(tenant, agent, "call-ends-twice");

        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", customer)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", customer)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync("/api/v1/interactions/call-ends-twice/events", tenant.ApiKey, new { type = "ended" })).AssertStatus(HttpStatusCode.Accepted);
        (await _api.PostAsync("/api/v1/interactions/call-ends-twice/events", tenant.ApiKey, new { type = "ended" })).AssertStatus(HttpStatusCode.Accepted);
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for the webhook's (no-op) end to run through the lifecycle

        var metrics = await _run.WaitForMetricsAsync(tenant.ApiKey, ReportingScenario.RangeAroundToday, 1);
        Assert.Equal(1, metrics["totals"]!["sessions"]!.GetValue<int>());
        Assert.Equal(1, metrics["totals"]!["endReasons"]!["customerEnded"]!.GetValue<int>());
        Assert.Null(metrics["totals"]!["endReasons"]!["interactionEnded"]);
    }

    [Theory]
    [InlineData("to=2026-01-31")]
    [InlineData("from=2026-01-01")]
    [InlineData("from=2026-02-01&to=2026-01-31")]
    [InlineData("from=2026-01-01&to=2026-04-03")]
    [InlineData("from=01/01/2026&to=2026-01-31")]
    [InlineData("from=2026-01-01&to=2026-01-31&groupBy=week")]
    [InlineData("from=2026-01-01&to=2026-01-31&format=xml")]
    public async Task BadRangesAndOptionsAre400(string query)
    {
        var tenant = await _api.CreateTenantAsync();
        (await _api.GetAsync($"/api/v1/reports/metrics?{query}", tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest);
        if (!query.Contains("groupBy", StringComparison.Ordinal) && !query.Contains("format", StringComparison.Ordinal))
        {
            (await _api.GetAsync($"/api/v1/reports/sessions.csv?{query}", tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task The92DayMaximumIsAccepted()
    {
        var tenant = await _api.CreateTenantAsync();
        var body = (await _api.GetAsync("/api/v1/reports/metrics?from=2026-01-01&to=2026-04-02", tenant.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.Equal(92, body["groups"]!.AsArray().Count);
        Assert.Equal(0, body["rowsRead"]!.GetValue<int>());
    }

    private static string Actor(JsonNode? e) => $"{e!["actorKind"]!.GetValue<string>()}:{e["actorId"]!.GetValue<string>()}";
}
