using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using CoBrowse.LocalStack.Durable;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CoBrowse.LocalStack.Functions;

/// <summary>
/// Serves the app's HTTP functions the way the Functions host does: same routes and methods, a fresh instance per
/// call built through DI, parameters bound from the trigger, route values, the durable client and cancellation,
/// and the host's function-key check for non-anonymous authorization levels.
/// </summary>
public static class HttpFunctionEndpoints
{
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, string routePrefix, IReadOnlyList<string> functionKeys)
    {
        foreach (var function in HttpFunction.DiscoverAll())
        {
            var binders = function.Method.GetParameters().Select(BinderFor).ToArray();
            endpoints.MapMethods(function.RoutePattern(routePrefix), function.HttpMethods, context => InvokeAsync(context, function, binders, functionKeys))
                .WithName(function.Name);
        }

        return endpoints;
    }

    private static async Task InvokeAsync(HttpContext context, HttpFunction function, Func<HttpContext, object?>[] binders, IReadOnlyList<string> functionKeys)
    {
        if (function.Trigger.AuthLevel != AuthorizationLevel.Anonymous && !HasValidKey(context.Request, functionKeys))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // From here the function answers, exactly as it would on the Functions host (the upstream handler's plain
        // answers included): no local problem body is added to what it writes.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(context.RequestServices, function.Method.DeclaringType!);
        object? returned;
        try
        {
            returned = function.Method.Invoke(target, binders.Select(bind => bind(context)).ToArray());
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        var result = returned switch
        {
            Task<IActionResult> pending => await pending,
            IActionResult done => done,
            _ => throw new InvalidOperationException($"{function.Name} returned {returned?.GetType().Name ?? "null"}; the local stack runs functions that return IActionResult."),
        };
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    private static Func<HttpContext, object?> BinderFor(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is not null)
        {
            return context => context.Request;
        }

        if (parameter.ParameterType == typeof(DurableTaskClient))
        {
            return context => context.RequestServices.GetRequiredService<LocalDurableTaskClient>();
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context => context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string))
        {
            var name = parameter.Name!;
            return context => context.Request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() : null;
        }

        throw new NotSupportedException(
            $"{parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}: the local stack cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}.");
    }

    private static bool HasValidKey(HttpRequest request, IReadOnlyList<string> functionKeys)
    {
        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault() ?? string.Empty;
        var bytes = Encoding.UTF8.GetBytes(presented);
        return functionKeys.Any(key => CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(key)));
    }
}
