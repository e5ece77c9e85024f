/* THB Data behaviour: no inline scripts (Content Security Policy). */
