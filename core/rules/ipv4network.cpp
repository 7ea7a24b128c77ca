#include "ipv4network.h"

namespace alc {

QString Ipv4Network::toString() const
{
    return first().toString() + u'/' + QString::number(m_prefix);
}

} // namespace alc
