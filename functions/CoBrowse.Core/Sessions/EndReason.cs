namespace CoBrowse.Core.Sessions;

public enum EndReason
{
    CustomerEnded,
    AgentEnded,
    InteractionTransferred,
    InteractionEnded,
    Inactivity,
    KeyExpired,
    OfferDeclined,
    OfferExpired,
    Error,
}
