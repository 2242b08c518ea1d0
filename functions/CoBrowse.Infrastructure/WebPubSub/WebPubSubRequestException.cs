using System.Net;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>Web PubSub answered a REST call with a status other than the operation's one success status.</summary>
public sealed class WebPubSubRequestException(HttpStatusCode status, string? code, string message, string operation)
    : Exception($"Web PubSub {operation} failed with {(int)status} {code}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The error body's <c>code</c> (or the <c>x-ms-error-code</c> header), when there was one.</summary>
    public string? Code { get; } = code;

    public string ServiceMessage { get; } = message;

    public string Operation { get; } = operation;
}
