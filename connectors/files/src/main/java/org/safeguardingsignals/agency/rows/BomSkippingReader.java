package org.safeguardingsignals.agency.rows;

import java.io.FilterReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;

/** Drops the byte-order mark that spreadsheets put at the start of a "CSV UTF-8" file. */
final class BomSkippingReader extends FilterReader {

    BomSkippingReader(Reader in) throws IOException {
        super(skipBom(new PushbackReader(in, 1)));
    }

    private static Reader skipBom(PushbackReader in) throws IOException {
        int first = in.read();
        if (first >= 0 && first != '\uFEFF') {
            in.unread(first);
        }
        return in;
    }
}
