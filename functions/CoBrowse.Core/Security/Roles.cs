namespace CoBrowse.Core.Security;

/// <summary>Roles an agent token can carry.</summary>
public static class AgentRoles
{
    public const string Agent = "agent";
    public const string Supervisor = "supervisor";
    public const string Reporting = "reporting";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Agent, Supervisor, Reporting };
}
