"""Site knowledge, one module per publisher: furniture phrases, URLs, selectors, id rules."""
