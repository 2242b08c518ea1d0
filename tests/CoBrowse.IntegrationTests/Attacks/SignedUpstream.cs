using System.Security.Cryptography;
using System.Text;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.Relay;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// Upstream CloudEvents as Web PubSub sends them to our handler, signed with the hub's real access key, so whatever
/// they carry gets past the signature check: the handler's parsing is what is under attack.
/// </summary>
public sealed class SignedUpstream(LocalStackFixture stack)
{
    private const string Path = "/api/v1/realtime/upstream";

    private string AccessKey => stack.Stack.Services.GetRequiredService<RelayOptions>().AccessKeys[0];

    public static string Signature(string accessKey, string connectionId) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.UTF8.GetBytes(connectionId)));

    /// <summary>A system (connect/connected/disconnected) or user event with these header values (latin1 bytes) and body.</summary>
    public byte[] Request(string type, string eventName, string connectionId, byte[] body, string? contentType = "application/json", IEnumerable<(string Name, string Value)>? extra = null)
    {
        var headers = new List<(string Name, string Value)>
        {
            ("x-functions-key", LocalStackFixture.FunctionKey),
            ("ce-specversion", "1.0"),
            ("ce-id", Guid.NewGuid().ToString("N")),
            ("ce-source", $"/hubs/cobrowse/client/{connectionId}"),
            ("ce-type", type),
            ("ce-awpsversion", "1.0"),
            ("ce-hub", "cobrowse"),
            ("ce-connectionId", connectionId),
            ("ce-eventName", eventName),
            ("ce-signature", Signature(AccessKey, connectionId)),
        };
        if (contentType is not null)
        {
            headers.Add(("Content-Type", contentType));
        }

        headers.AddRange(extra ?? []);
        return RawHttp.Request("POST", Path, headers, body);
    }

    public Task<RawResponse> SendAsync(byte[] request) => RawHttp.SendAsync(stack.BaseUrl, request);
}
