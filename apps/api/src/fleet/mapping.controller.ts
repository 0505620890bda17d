import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { MappingRule, StoredRuleSet, TagMappingService } from '@fleetgate/fleet';
import { AddRuleDto, RuleSetDto, RuleSetVersionDto, SaveRulesDto, toVersionDto, VersionParamDto } from './mapping.dto';

const toRuleSetDto = (s: StoredRuleSet): RuleSetDto => ({ ...toVersionDto(s), rules: s.rules });

@ApiTags('mapping')
@ApiBearerAuth()
@Controller('mapping')
export class MappingController {
  constructor(private readonly mapping: TagMappingService) {}

  @Get('rules')
  @ApiOperation({ summary: 'The current tag-mapping rules' })
  @ApiResponse({ status: 200, type: RuleSetDto })
  async current(): Promise<RuleSetDto> {
    return toRuleSetDto(await this.mapping.currentRuleSet());
  }

  @Get('rules/:version')
  @ApiOperation({ summary: 'One version of the rules (every version stays readable)' })
  @ApiResponse({ status: 200, type: RuleSetDto })
  @ApiResponse({ status: 404 })
  async version(@Param() p: VersionParamDto): Promise<RuleSetDto> {
    return toRuleSetDto(await this.mapping.ruleSet(p.version));
  }

  @Get('versions')
  @ApiOperation({ summary: 'Every rules version, oldest first' })
  @ApiResponse({ status: 200, type: [RuleSetVersionDto] })
  async versions(): Promise<RuleSetVersionDto[]> {
    return (await this.mapping.listVersions()).map(toVersionDto);
  }

  @Put('rules')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the rules: stores them as a new version' })
  @ApiResponse({ status: 200, type: RuleSetDto })
  @ApiResponse({ status: 400, description: 'Each bad rule field named (rules[i].field)' })
  async save(@Body() body: SaveRulesDto, @CurrentActor() actor: Actor): Promise<RuleSetDto> {
    return toRuleSetDto(await this.mapping.saveRules(body.rules as MappingRule[], actor.name, body.note));
  }

  @Post('rules')
  @Roles('admin')
  @ApiOperation({ summary: 'Add one rule: the current rules plus this one, stored as a new version' })
  @ApiResponse({ status: 201, type: RuleSetDto })
  @ApiResponse({ status: 400, description: 'Each bad rule field named (rule.field)' })
  @ApiResponse({ status: 409, description: 'The current rules already have a rule with this id' })
  async addRule(@Body() body: AddRuleDto, @CurrentActor() actor: Actor): Promise<RuleSetDto> {
    return toRuleSetDto(await this.mapping.addRule(body.rule as MappingRule, actor.name, body.note));
  }
}
