using System.Reflection;
using CoBrowse.Infrastructure.Lifecycle;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace CoBrowse.LocalStack.Durable;

/// <summary>
/// The entity, orchestrator and activity classes the Functions app registers, found by type in the assembly that
/// holds them. Their class names are their durable names, as in the app's [Function] attributes.
/// </summary>
public static class LifecycleCatalog
{
    private static readonly Assembly LifecycleAssembly = typeof(CobrowseSession).Assembly;

    public static IReadOnlyList<Type> Entities { get; } = Concrete<ITaskEntity>();

    public static IReadOnlyList<Type> Orchestrators { get; } = Concrete<ITaskOrchestrator>();

    public static IReadOnlyList<Type> Activities { get; } = Concrete<ITaskActivity>();

    public static IEnumerable<string> AllNames => Entities.Concat(Orchestrators).Concat(Activities).Select(t => t.Name);

    private static Type[] Concrete<T>() =>
        LifecycleAssembly.GetTypes().Where(t => typeof(T).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToArray();
}
