using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CoBrowse.LocalStack.Functions;

/// <summary>
/// Runs every timer function on its schedule (the host's timer extension, in small): each run creates the function
/// class through DI, as an HTTP call does. A run that fails is logged and the next one comes at its time.
/// </summary>
public sealed partial class TimerFunctionScheduler(IServiceProvider services, TimeProvider clock, ILogger<TimerFunctionScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(TimerFunction.DiscoverAll().Select(function => RunOnScheduleAsync(function, stoppingToken)));

    /// <summary>Runs the function once now (tests, and each scheduled occurrence).</summary>
    public async Task RunOnceAsync(TimerFunction function, CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Method.DeclaringType!);
        var arguments = function.Method.GetParameters()
            .Select(p => p.ParameterType == typeof(TimerInfo) ? new TimerInfo() : p.ParameterType == typeof(CancellationToken) ? (object)cancellationToken : null)
            .ToArray();
        if (function.Method.Invoke(target, arguments) is Task task)
        {
            await task;
        }
    }

    private async Task RunOnScheduleAsync(TimerFunction function, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = function.Schedule.Next(clock.GetUtcNow());
            try
            {
                await Task.Delay(next - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, stoppingToken);
                await RunOnceAsync(function, stoppingToken);
                LogRan(logger, function.Name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, e, function.Name);
            }
        }
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Timer function {Name} ran")]
    private static partial void LogRan(ILogger logger, string name);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Error, Message = "Timer function {Name} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);
}
