{% macro parse_number(text) %}
    {%- set number_pattern = '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?' -%}
    case
        when not {{ loyalty.regex_full_match(text, number_pattern) }} then null
        when {{ loyalty.regex_full_match(text, '[+-]?0*([.]0*)?([eE][+-]?[0-9]+)?') }}
            then cast(0 as decimal(38, 18))
        when {{ loyalty.regex_full_match(text, '[^eE]*[eE][+]?0*[1-9][0-9]{4,}') }} then null
        when {{ loyalty.regex_full_match(text, '[^eE]*[eE]-0*[1-9][0-9]{4,}') }}
            then cast(0 as decimal(38, 18))
        else {{ adapter.dispatch('decimal_from_number_text', 'loyalty')(text) }}
    end
{%- endmacro %}

{#- Text already proven to be a number with a moderate exponent -> decimal(38, 18),
    null when 10^20 or more. -#}
{% macro default__decimal_from_number_text(text) -%}
    {{ loyalty.try_cast(text, 'decimal(38, 18)') }}
{%- endmacro %}

{#- PostgreSQL has no non-failing cast: go through unbounded numeric, which
    holds any such value, and test the magnitude before narrowing. -#}
{% macro postgres__decimal_from_number_text(text) -%}
    case
        when abs(cast({{ text }} as numeric)) < 100000000000000000000
            then cast(cast({{ text }} as numeric) as decimal(38, 18))
    end
{%- endmacro %}
