#include "storage/StoreEvents.h"

StoreEvents &StoreEvents::instance()
{
    static StoreEvents events;
    return events;
}
