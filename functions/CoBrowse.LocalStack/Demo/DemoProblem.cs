namespace CoBrowse.LocalStack.Demo;

/// <summary>A refusal of the demo API, answered as RFC 7807 problem details by <see cref="DemoProblemFilter"/>.</summary>
public sealed class DemoProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public static DemoProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static DemoProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static DemoProblemException PayloadTooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Body too large", detail);

    public static DemoProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);
}

/// <summary>Turns a <see cref="DemoProblemException"/> thrown by a demo handler into problem details.</summary>
public sealed class DemoProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DemoProblemException problem)
        {
            return Problem(context.HttpContext, problem.Status, problem.Title, problem.Message);
        }
    }

    public static IResult Problem(HttpContext context, int status, string title, string detail) =>
        Results.Problem(
            detail: detail,
            instance: context.Request.Path.Value,
            statusCode: status,
            title: title,
            type: $"https://cobrowse.dev/problems/{status}");
}
