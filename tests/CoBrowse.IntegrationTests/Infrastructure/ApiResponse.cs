using System.Net.Http.Headers;

namespace CoBrowse.IntegrationTests.Infrastructure;

public sealed record ApiResponse(HttpStatusCode Status, JsonNode? Body, string? ContentType, HttpResponseHeaders Headers)
{
    public string Text(string property) => Body?[property]?.GetValue<string>() ?? throw new InvalidOperationException($"No '{property}' in {Body?.ToJsonString()}");

    public ApiResponse AssertStatus(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} {expected}, got {(int)Status} {Status}: {Body?.ToJsonString()}");
        return this;
    }

    /// <summary>Asserts an RFC 7807 problem with this status.</summary>
    public ApiResponse AssertProblem(HttpStatusCode expected)
    {
        AssertStatus(expected);
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal((int)expected, Body?["status"]?.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(Body?["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(Body?["detail"]?.GetValue<string>()));
        return this;
    }
}
