namespace CoBrowse.Functions.Observability;

/// <summary>
/// The logging scope of one HTTP function call, kept on the <see cref="HttpContext"/> so that authentication can
/// add the tenant once it knows it. The operation is the function's name: the Functions host's invocation
/// (<see cref="FunctionNameMiddleware"/>) or the local stack's endpoint name; route ids come from the route values
/// or the host's binding data.
/// </summary>
public static class RequestLogScope
{
    private const string ItemKey = "CoBrowse.LogScope";

    /// <summary>Route parameters worth carrying on every line, under their log names.</summary>
    private static readonly (string Route, string Log)[] RouteIds = [("sessionId", "SessionId"), ("interactionId", "InteractionId"), ("tenantId", "TenantId")];

    /// <summary>The call's scope, created on first use.</summary>
    public static LogScope For(HttpRequest request)
    {
        var context = request.HttpContext;
        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is LogScope scope)
        {
            return scope;
        }

        scope = new LogScope()
            .Set("Operation", OperationOf(context))
            .Set("CorrelationId", LogScope.CorrelationIdFrom(request.Headers["traceparent"].FirstOrDefault(), context.TraceIdentifier));
        foreach (var (route, log) in RouteIds)
        {
            scope.Set(log, RouteValue(context, route));
        }

        context.Items[ItemKey] = scope;
        return scope;
    }

    /// <summary>Called once the caller's credential is verified: the tenant comes from it, never from the request.</summary>
    public static void SetTenant(HttpContext context, string tenantId)
    {
        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is LogScope scope)
        {
            scope.Set("TenantId", tenantId);
        }
    }

    /// <summary>The function's name, for the refusal logs and metrics (falls back to the path, never with its query).</summary>
    public static string OperationOf(HttpContext context) =>
        context.Items.TryGetValue(FunctionNameMiddleware.FunctionNameKey, out var name) && name is string function ? function
        : context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>()?.EndpointName
        ?? context.Request.Path.Value ?? "?";

    private static string? RouteValue(HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out var value) && value is not null ? value.ToString()
        : context.Items.TryGetValue(FunctionNameMiddleware.BindingDataKey, out var data) && data is IReadOnlyDictionary<string, object?> binding
            && binding.TryGetValue(name, out var bound) ? bound?.ToString()
        : null;
}
