{#- Parse a money amount (metric-spec 2): decimal(18, 2), rounded half away
    from zero to cents; null when it does not parse or when the rounded
    magnitude is 10^16 or more. -#}
{% macro parse_money(text) %}
    {%- set number = loyalty.parse_number(text) -%}
    case
        when abs(round({{ number }}, 2)) < 10000000000000000
            then cast(round({{ number }}, 2) as {{ loyalty.type_money() }})
    end
{%- endmacro %}
