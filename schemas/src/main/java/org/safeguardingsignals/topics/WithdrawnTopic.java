package org.safeguardingsignals.topics;

import org.apache.avro.specific.SpecificRecord;

/**
 * A topic the pipeline once had and no longer collects: its name stays reserved and its schema readable.
 *
 * @param name      the topic's name, never to be reused for another meaning
 * @param valueType the record it carried
 * @param carried   what it carried, in words
 * @param why       why it is no longer collected, and what would bring it back
 */
public record WithdrawnTopic(String name, Class<? extends SpecificRecord> valueType, String carried, String why) {}
