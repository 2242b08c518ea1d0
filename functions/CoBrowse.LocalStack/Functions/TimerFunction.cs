using System.Globalization;
using System.Reflection;
using CoBrowse.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoBrowse.LocalStack.Functions;

/// <summary>One <c>[Function]</c> method with a <c>[TimerTrigger]</c>, run on its schedule as the host would.</summary>
public sealed record TimerFunction(string Name, MethodInfo Method, CronSchedule Schedule)
{
    public static IReadOnlyList<TimerFunction> DiscoverAll() =>
        typeof(Api).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (method, function: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.function is not null)
            .Select(x => (x.method, x.function, trigger: x.method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.trigger is not null)
            .Select(x => new TimerFunction(x.function!.Name, x.method, CronSchedule.Parse(x.trigger!.Schedule)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
}

/// <summary>
/// The host's six-field NCRONTAB (<c>second minute hour day month day-of-week</c>, UTC), each field <c>*</c>,
/// <c>*/n</c>, a number or a comma list of numbers: enough for the schedules our functions use.
/// </summary>
public sealed class CronSchedule
{
    private readonly HashSet<int>[] _fields;

    private CronSchedule(HashSet<int>[] fields) => _fields = fields;

    public static CronSchedule Parse(string expression)
    {
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            throw new FormatException($"'{expression}' is not a six-field NCRONTAB expression.");
        }

        (int Min, int Max)[] ranges = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];
        return new CronSchedule(parts.Select((part, i) => Field(part, ranges[i].Min, ranges[i].Max)).ToArray());
    }

    /// <summary>The first whole second strictly after <paramref name="after"/> that the schedule names.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = new DateTime(after.UtcTicks - (after.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_fields[4].Contains(t.Month)) { t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1); continue; }
            if (!_fields[3].Contains(t.Day) || !_fields[5].Contains((int)t.DayOfWeek)) { t = t.Date.AddDays(1); continue; }
            if (!_fields[2].Contains(t.Hour)) { t = t.Date.AddHours(t.Hour + 1); continue; }
            if (!_fields[1].Contains(t.Minute)) { t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1); continue; }
            if (!_fields[0].Contains(t.Second)) { t = t.AddSeconds(1); continue; }
            return new DateTimeOffset(t);
        }

        throw new InvalidOperationException("The schedule names no time in the next five years.");
    }

    private static HashSet<int> Field(string part, int min, int max)
    {
        if (part == "*")
        {
            return [.. Enumerable.Range(min, max - min + 1)];
        }

        if (part.StartsWith("*/", StringComparison.Ordinal))
        {
            var step = int.Parse(part[2..], CultureInfo.InvariantCulture);
            return [.. Enumerable.Range(min, max - min + 1).Where(v => (v - min) % step == 0)];
        }

        return [.. part.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).Select(v => v >= min && v <= max ? v : throw new FormatException($"{v} is outside {min}-{max}."))];
    }
}
