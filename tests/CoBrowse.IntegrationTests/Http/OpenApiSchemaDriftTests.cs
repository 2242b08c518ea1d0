using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;
using CoBrowse.Functions.Http;
using CoBrowse.Functions.Realtime;
using CoBrowse.Infrastructure.Retention;
using CoBrowse.Infrastructure.WebPubSub;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>
/// The document's body schemas name exactly the JSON properties of the C# contracts the functions read and write
/// (camelCase, as <see cref="ApiJson"/> serializes them), and its enums list exactly the C# enum values. A property
/// added, renamed or removed on either side fails here.
/// </summary>
public sealed class OpenApiSchemaDriftTests
{
    /// <summary>Schemas that are no C# body: enums and lists checked below, and the free-form upstream event.</summary>
    private static readonly HashSet<string> NotContracts = new(StringComparer.Ordinal) { "Channel", "SessionState", "EndReason", "Selectors", "CloudEvent" };

    private static readonly Dictionary<string, Type> Contracts = new(StringComparer.Ordinal)
    {
        ["Problem"] = typeof(ApiResults.ProblemBody),
        ["ChannelTimeouts"] = typeof(ChannelTimeoutOverrides),
        ["Session"] = typeof(SessionView),
        ["SessionList"] = typeof(SessionListResponse),
        ["JoinedSession"] = typeof(JoinedSessionResponse),
        ["Accepted"] = typeof(AcceptedResponse),
        ["Health"] = typeof(HealthResponse),
        ["DependencyHealth"] = typeof(DependencyHealthView),
        ["NewTenant"] = typeof(NewTenantRequest),
        ["TenantUpdate"] = typeof(TenantUpdateRequest),
        ["CreatedTenant"] = typeof(CreatedTenantResponse),
        ["Tenant"] = typeof(TenantView),
        ["ApiKeyInfo"] = typeof(ApiKeyView),
        ["TenantDetails"] = typeof(TenantDetailsResponse),
        ["IssuedApiKey"] = typeof(IssuedApiKeyResponse),
        ["RotateSiteKey"] = typeof(RotateSiteKeyRequest),
        ["MintAgentToken"] = typeof(MintAgentTokenRequest),
        ["Token"] = typeof(TokenResponse),
        ["IssueSecurityKey"] = typeof(IssueSecurityKeyRequest),
        ["SecurityKey"] = typeof(SecurityKeyResponse),
        ["RedeemKey"] = typeof(RedeemKeyRequest),
        ["CreateOffer"] = typeof(CreateOfferRequest),
        ["Offer"] = typeof(OfferResponse),
        ["AnswerOffer"] = typeof(AnswerOfferRequest),
        ["SiteConfig"] = typeof(SiteConfigResponse),
        ["InteractionEvent"] = typeof(InteractionEventRequest),
        ["TimelineEvent"] = typeof(TimelineEventView),
        ["TimelineSession"] = typeof(TimelineSessionView),
        ["Timeline"] = typeof(TimelineResponse),
        ["SessionGroups"] = typeof(SessionGroupNames),
        ["Negotiated"] = typeof(NegotiateResponse),
        ["MetricsGroup"] = typeof(MetricsGroupView),
        ["Metrics"] = typeof(MetricsResponse),
        ["ContactHistory"] = typeof(ContactHistoryResponse),
        ["LiveParticipant"] = typeof(LiveParticipant),
        ["LiveSession"] = typeof(LiveSessionView),
        ["LiveSessions"] = typeof(LiveSessionsResponse),
        ["LiveNegotiated"] = typeof(LiveNegotiateResponse),
        ["RetentionReport"] = typeof(RetentionReport),
        ["ResourcePolicy"] = typeof(ResourcePolicyResponse),
        ["HeldBackReport"] = typeof(HeldBackReport),
        ["HeldBackHost"] = typeof(HeldBackHost),
    };

    private readonly JsonObject _schemas = JsonNode.Parse(OpenApiFunctions.ReadDocument())!["components"]!["schemas"]!.AsObject();

    [Fact]
    public void EverySchemaIsMappedToItsContract()
    {
        var unmapped = _schemas.Select(s => s.Key).Where(name => !Contracts.ContainsKey(name) && !NotContracts.Contains(name)).ToList();
        var missing = Contracts.Keys.Where(name => !_schemas.ContainsKey(name)).ToList();

        Assert.True(unmapped.Count == 0, "Schemas without a contract in this test: " + string.Join(", ", unmapped));
        Assert.True(missing.Count == 0, "Contracts without a schema: " + string.Join(", ", missing));
    }

    [Fact]
    public void EverySchemaHasExactlyThePropertiesOfItsContract()
    {
        var mismatches = new List<string>();
        foreach (var (name, type) in Contracts.Where(c => _schemas.ContainsKey(c.Key)))
        {
            var schema = _schemas[name]!;
            var documented = schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            var serialized = JsonNames(type).Order(StringComparer.Ordinal).ToList();
            if (!documented.SequenceEqual(serialized))
            {
                mismatches.Add($"{name} ({type.Name}): document [{string.Join(", ", documented)}], contract [{string.Join(", ", serialized)}]");
            }

            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [];
            mismatches.AddRange(required.Except(documented).Select(r => $"{name}: required '{r}' is not a property"));
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Theory]
    [InlineData("Channel", typeof(Channel))]
    [InlineData("SessionState", typeof(SessionState))]
    [InlineData("EndReason", typeof(EndReason))]
    public void EnumSchemasListExactlyTheEnumValues(string schema, Type enumType)
    {
        var documented = _schemas[schema]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();

        Assert.Equal(Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName), documented);
    }

    [Fact]
    public void TimelineEventTypesAndActorKindsMatchTheirEnums()
    {
        var properties = _schemas["TimelineEvent"]!["properties"]!;

        Assert.Equal(Enum.GetNames<TimelineEventType>().Select(JsonNamingPolicy.CamelCase.ConvertName), properties["type"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(Enum.GetNames<ActorKind>().Select(JsonNamingPolicy.CamelCase.ConvertName), properties["actorKind"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    /// <summary>The property names System.Text.Json writes and reads for <paramref name="type"/> with the API's options.</summary>
    private static IEnumerable<string> JsonNames(Type type) =>
        new JsonSerializerOptions(ApiJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }.GetTypeInfo(type).Properties.Select(p => p.Name);
}
