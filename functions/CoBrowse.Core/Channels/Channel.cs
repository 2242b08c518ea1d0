namespace CoBrowse.Core.Channels;

/// <summary>The primary interaction a co-browse session rides on.</summary>
public enum Channel
{
    Voice,
    WebMessaging,
    WebChat,
}
