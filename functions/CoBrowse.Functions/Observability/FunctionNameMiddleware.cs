using Microsoft.Azure.Functions.Worker.Middleware;

namespace CoBrowse.Functions.Observability;

/// <summary>
/// In the Functions host, hands the invocation's function name and route bindings to the HTTP context, where
/// <see cref="RequestLogScope"/> reads them (the worker does not route, so the request has no route values there).
/// The local stack does not run worker middleware; its endpoints carry the function's name instead.
/// </summary>
public sealed class FunctionNameMiddleware : IFunctionsWorkerMiddleware
{
    public const string FunctionNameKey = "CoBrowse.FunctionName";
    public const string BindingDataKey = "CoBrowse.BindingData";

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            http.Items[FunctionNameKey] = context.FunctionDefinition.Name;
            http.Items[BindingDataKey] = context.BindingContext.BindingData;
        }

        return next(context);
    }
}
