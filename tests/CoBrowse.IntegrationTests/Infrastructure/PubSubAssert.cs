namespace CoBrowse.IntegrationTests.Infrastructure;

public static class PubSubAssert
{
    /// <summary>The relay refused the operation with a Forbidden ack (the frame reached no one).</summary>
    public static void Forbidden(JsonNode ack)
    {
        Assert.False(ack["success"]!.GetValue<bool>(), ack.ToJsonString());
        Assert.Equal("Forbidden", ack["error"]?["name"]?.GetValue<string>());
    }
}
