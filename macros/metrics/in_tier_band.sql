{% macro in_tier_band(spend, band) -%}
    {{ spend }} >= {{ band }}.spend_from and ({{ band }}.spend_to is null or {{ spend }} < {{ band }}.spend_to)
{%- endmacro %}
