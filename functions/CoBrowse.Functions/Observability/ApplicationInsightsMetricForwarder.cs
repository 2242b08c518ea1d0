using System.Diagnostics.Metrics;
using CoBrowse.Infrastructure.Observability;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Metrics;
using Microsoft.Extensions.Hosting;

namespace CoBrowse.Functions.Observability;

/// <summary>
/// Forwards the <see cref="CoBrowseMetrics.MeterName"/> instruments to Application Insights custom metrics
/// (pre-aggregated by <see cref="TelemetryClient.GetMetric(MetricIdentifier)"/>, one series per tag combination):
/// the classic SDK does not collect System.Diagnostics.Metrics by itself. Counters arrive as sums per minute,
/// histograms as count/min/max/sum.
/// </summary>
public sealed class ApplicationInsightsMetricForwarder(TelemetryClient telemetry) : IHostedService, IDisposable
{
    private readonly MeterListener _listener = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CoBrowseMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Track(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Track(instrument, value, tags));
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener.Dispose();

    private void Track(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Our instruments carry at most 3 tags; more than 4 would be cut (TrackValue has a fixed arity per call).
        var count = Math.Min(tags.Length, 4);
        var names = new string[count];
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = tags[i].Key;
            values[i] = Convert.ToString(tags[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        var metric = telemetry.GetMetric(new MetricIdentifier(CoBrowseMetrics.MeterName, instrument.Name, names));
        switch (count)
        {
            case 0: metric.TrackValue(value); break;
            case 1: metric.TrackValue(value, values[0]); break;
            case 2: metric.TrackValue(value, values[0], values[1]); break;
            case 3: metric.TrackValue(value, values[0], values[1], values[2]); break;
            default: metric.TrackValue(value, values[0], values[1], values[2], values[3]); break;
        }
    }
}
