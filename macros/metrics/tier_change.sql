{% macro tier_change(previous_rank, rank) -%}
    case
        when {{ previous_rank }} is null then 'new'
        when {{ rank }} > {{ previous_rank }} then 'upgrade'
        when {{ rank }} < {{ previous_rank }} then 'downgrade'
        else 'unchanged'
    end
{%- endmacro %}
