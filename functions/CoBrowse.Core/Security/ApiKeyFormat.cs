namespace CoBrowse.Core.Security;

/// <summary>A tenant API key as handed out once: <c>cbk.{tenantId}.{keyId}.{secret}</c>. Only the secret's hash is stored.</summary>
public sealed record ApiKeyParts(string TenantId, string KeyId, string Secret)
{
    private const string Prefix = "cbk";

    public override string ToString() => $"{Prefix}.{TenantId}.{KeyId}.{Secret}";

    public static bool TryParse(string? value, out ApiKeyParts parts)
    {
        parts = null!;
        var pieces = value?.Split('.') ?? [];
        if (pieces.Length != 4 || pieces[0] != Prefix || pieces.Skip(1).Any(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        parts = new ApiKeyParts(pieces[1], pieces[2], pieces[3]);
        return true;
    }
}
