namespace CoBrowse.Core.Application;

/// <summary>The kinds of failure a caller can act on; the HTTP edge maps each to one status code.</summary>
public enum ProblemKind
{
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Gone,

    /// <summary>The request body is over the size limit (413).</summary>
    PayloadTooLarge,
    TooManyRequests,

    /// <summary>A dependency is not configured or not reachable (503).</summary>
    Unavailable,
}

/// <summary>A failure the caller caused or can act on. Thrown before any state changes.</summary>
public sealed class CoBrowseProblemException(ProblemKind kind, string title, string detail, TimeSpan? retryAfter = null)
    : Exception(detail)
{
    public ProblemKind Kind { get; } = kind;

    public string Title { get; } = title;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static CoBrowseProblemException BadRequest(string detail) => new(ProblemKind.BadRequest, "Invalid request", detail);

    public static CoBrowseProblemException Unauthorized(string detail) => new(ProblemKind.Unauthorized, "Not authenticated", detail);

    public static CoBrowseProblemException Forbidden(string detail) => new(ProblemKind.Forbidden, "Not allowed", detail);

    public static CoBrowseProblemException NotFound(string detail) => new(ProblemKind.NotFound, "Not found", detail);

    public static CoBrowseProblemException Conflict(string detail) => new(ProblemKind.Conflict, "Conflict with the current state", detail);

    public static CoBrowseProblemException Gone(string detail) => new(ProblemKind.Gone, "No longer available", detail);

    public static CoBrowseProblemException PayloadTooLarge(string detail) => new(ProblemKind.PayloadTooLarge, "Body too large", detail);

    public static CoBrowseProblemException Unavailable(string detail) => new(ProblemKind.Unavailable, "Not available", detail);

    public static CoBrowseProblemException TooManyRequests(string detail, TimeSpan retryAfter) =>
        new(ProblemKind.TooManyRequests, "Too many attempts", detail, retryAfter);
}
