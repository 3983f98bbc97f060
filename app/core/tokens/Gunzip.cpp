#include "tokens/Gunzip.h"

#include <zlib.h>

#include <array>

using namespace Qt::StringLiterals;

bool Gunzip::inflate(const QByteArray &gzip, const std::function<bool(std::string_view)> &sink,
                     QString *error)
{
    z_stream stream{};
    // 16 + MAX_WBITS: a gzip header and trailer (CRC-32, length) around the deflate data.
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        *error = u"zlib could not start"_s;
        return false;
    }
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(gzip.constData()));
    stream.avail_in = uInt(gzip.size());
    std::array<char, 64 * 1024> out;
    int status = Z_OK;
    bool wanted = true;
    while (status == Z_OK && wanted) {
        stream.next_out = reinterpret_cast<Bytef *>(out.data());
        stream.avail_out = uInt(out.size());
        status = ::inflate(&stream, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END)
            break;
        const size_t produced = out.size() - stream.avail_out;
        if (produced > 0)
            wanted = sink(std::string_view(out.data(), produced));
        if (status == Z_OK && produced == 0 && stream.avail_in == 0) {
            status = Z_BUF_ERROR; // the input ended before the stream did
            break;
        }
    }
    const QString message = stream.msg ? QString::fromUtf8(stream.msg) : QString();
    inflateEnd(&stream);
    if (!wanted)
        return true;
    if (status != Z_STREAM_END) {
        *error = message.isEmpty() ? u"the gzip data is cut short or damaged"_s
                                   : u"the gzip data is damaged: "_s + message;
        return false;
    }
    return true;
}
