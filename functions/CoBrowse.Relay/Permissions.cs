using System.Text.RegularExpressions;

namespace CoBrowse.Relay;

/// <summary>A connection's roles, checked the way Web PubSub does: unscoped, group-scoped and (plural) wildcard forms.
/// Thread-safe, so a REST grant or revoke applies to the very next frame.</summary>
public sealed class Permissions(IEnumerable<string> roles)
{
    public const string SendToGroup = "sendToGroup";
    public const string JoinLeaveGroup = "joinLeaveGroup";

    private readonly HashSet<string> _roles = new(roles, StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public static bool IsPermissionName(string permission) => permission is SendToGroup or JoinLeaveGroup;

    public bool CanSendTo(string group) => Allows(SendToGroup, group);

    public bool CanJoinOrLeave(string group) => Allows(JoinLeaveGroup, group);

    /// <summary>Whether <paramref name="permission"/> covers <paramref name="group"/>; a null group asks for the unscoped role.</summary>
    public bool Allows(string permission, string? group)
    {
        lock (_lock)
        {
            if (_roles.Contains("webpubsub." + permission))
            {
                return true;
            }

            if (group is null)
            {
                return false;
            }

            if (_roles.Contains($"webpubsub.{permission}.{group}"))
            {
                return true;
            }

            var wildcardPrefix = $"webpubsub.{permission}s.";
            return _roles.Any(r => r.StartsWith(wildcardPrefix, StringComparison.Ordinal) && WildcardMatches(r[wildcardPrefix.Length..], group));
        }
    }

    public void Grant(string permission, string? group)
    {
        lock (_lock)
        {
            _roles.Add(RoleName(permission, group));
        }
    }

    /// <summary>Revoking with a group removes that scoped role; without one it removes every role of the permission.</summary>
    public void Revoke(string permission, string? group)
    {
        lock (_lock)
        {
            if (group is null)
            {
                _roles.RemoveWhere(r => r == "webpubsub." + permission || r.StartsWith($"webpubsub.{permission}.", StringComparison.Ordinal)
                    || r.StartsWith($"webpubsub.{permission}s.", StringComparison.Ordinal));
            }
            else
            {
                _roles.Remove(RoleName(permission, group));
            }
        }
    }

    /// <summary>Replaces every role (the upstream connect response's <c>roles</c>).</summary>
    public void Replace(IEnumerable<string> roles)
    {
        lock (_lock)
        {
            _roles.Clear();
            _roles.UnionWith(roles);
        }
    }

    private static string RoleName(string permission, string? group) => group is null ? "webpubsub." + permission : $"webpubsub.{permission}.{group}";

    /// <summary><c>*</c> stays within one dot-separated segment, <c>**</c> crosses segments, <c>?</c> is one non-dot character.</summary>
    private static bool WildcardMatches(string pattern, string group)
    {
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*\*", ".*").Replace(@"\*", "[^.]*").Replace(@"\?", "[^.]") + "$";
        return Regex.IsMatch(group, regex, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
