{#- Loyalty tier of metric-spec 9 for each row of `spend_relation`: the
    highest-ranked tier of `tiers_relation` (tier_name, tier_rank,
    min_qualifying_spend) whose min_qualifying_spend <= the spend; a spend
    exactly on a threshold reaches that tier. Returns a select of
    key_columns, the spend column, tier_name and tier_rank. -#}
{% macro assign_tier(spend_relation, key_columns, spend_column, tiers_relation) -%}
    {%- if key_columns is string -%}
        {%- set key_columns = [key_columns] -%}
    {%- endif -%}
    select
        {%- for key in key_columns %}
        ranked.{{ key }},
        {%- endfor %}
        ranked.{{ spend_column }},
        tier_names.tier_name,
        ranked.tier_rank
    from (
        select
            {%- for key in key_columns %}
            spend.{{ key }},
            {%- endfor %}
            spend.{{ spend_column }},
            max(tiers.tier_rank) as tier_rank
        from {{ spend_relation }} as spend
        left join {{ tiers_relation }} as tiers
            on tiers.min_qualifying_spend <= spend.{{ spend_column }}
        group by
            {%- for key in key_columns %}
            spend.{{ key }},
            {%- endfor %}
            spend.{{ spend_column }}
    ) as ranked
    left join {{ tiers_relation }} as tier_names
        on ranked.tier_rank = tier_names.tier_rank
{%- endmacro %}
