// Generated from samenbord_core::room::MAX_TEXT_CHARS: the server refuses longer texts.
export const MAX_TEXT_CHARS = 10000;
